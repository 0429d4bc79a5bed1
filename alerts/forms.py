from django import forms
from django.conf import settings

from alerts.models import Follow, Subscriber
from newsroom import rate_limit


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, address: str, **kwargs):
        self.address = address  # the client's IP address, for the per-address limit
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        """Counts every sign-up, per email address and per client address. The message is the
        same for every address, subscribed or not."""
        email = self.cleaned_data.get("email")
        if email is None:
            return self.cleaned_data
        window = settings.ALERTS_SIGNUP_WINDOW_SECONDS
        per_email = rate_limit.count(f"alerts-signup:email:{rate_limit.hashed(email)}", window)
        per_ip = rate_limit.count(f"alerts-signup:ip:{rate_limit.hashed(self.address)}", window)
        if (
            per_email > settings.ALERTS_SIGNUPS_PER_ADDRESS
            or per_ip > settings.ALERTS_SIGNUPS_PER_IP
        ):
            raise forms.ValidationError(
                "Too many sign-ups from here or for this address. Please try again in an hour.",
                code="throttled",
            )
        return self.cleaned_data


class PreferencesForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often", choices=Subscriber.Frequency.choices, widget=forms.RadioSelect
    )
    keep = forms.ModelMultipleChoiceField(
        label="What you follow (untick to stop following)",
        queryset=Follow.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, subscriber: Subscriber, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = subscriber.follows.all()
        self.fields["keep"].label_from_instance = lambda follow: labels.get(follow.pk, "")
