// Embeds in a story (articles/rendering.py embed_html): the provider's player loads only when
// the reader asks for it, so nobody's video or post tracks readers who never play it. Without
// this script the placeholder's link to the original is all there is.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.embed-load[data-player]")) {
    button.hidden = false
    button.addEventListener("click", () => {
      const frame = document.createElement("iframe")
      frame.src = button.dataset.player
      frame.title = button.dataset.title
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media"
      frame.setAttribute("allowfullscreen", "")
      frame.referrerPolicy = "strict-origin-when-cross-origin"
      const figure = button.closest("figure")
      figure.querySelector(".embed-placeholder").replaceWith(frame)
      frame.focus()
    })
  }
})
