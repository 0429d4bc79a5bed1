from tests.people.quote_corpus import SUMMARY_KEY


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the quote corpus figures (accuracy, precision, recall) when its tests ran."""
    summary = config.stash.get(SUMMARY_KEY, None)
    if summary:
        terminalreporter.write_line(summary)
