// The photo form's focal point: click on the preview to set what crops keep in frame. The
// two number boxes ("focal point across/down", 0 to 1) are the form's fields and work without
// this script; clicking writes them and shows a marker where the point is.
document.addEventListener("DOMContentLoaded", () => {
  const picture = document.querySelector("img.focal-point-picture")
  const across = document.getElementById("id_focal_x")
  const down = document.getElementById("id_focal_y")
  if (!picture || !across || !down) return

  const frame = document.createElement("span")
  frame.className = "focal-point-frame"
  frame.style.position = "relative"
  frame.style.display = "inline-block"
  picture.replaceWith(frame)
  frame.append(picture)
  picture.style.cursor = "crosshair"
  picture.title = "Click on what must stay in frame when the photo is cropped"

  const marker = document.createElement("span")
  marker.setAttribute("aria-hidden", "true")
  Object.assign(marker.style, {
    position: "absolute",
    width: "18px",
    height: "18px",
    margin: "-11px 0 0 -11px",
    border: "2px solid #fff",
    borderRadius: "50%",
    boxShadow: "0 0 0 2px #000",
    pointerEvents: "none",
  })
  frame.append(marker)

  function show() {
    const x = Math.min(Math.max(parseFloat(across.value) || 0.5, 0), 1)
    const y = Math.min(Math.max(parseFloat(down.value) || 0.5, 0), 1)
    marker.style.left = `${x * 100}%`
    marker.style.top = `${y * 100}%`
  }

  picture.addEventListener("click", (event) => {
    const box = picture.getBoundingClientRect()
    across.value = ((event.clientX - box.left) / box.width).toFixed(3)
    down.value = ((event.clientY - box.top) / box.height).toFixed(3)
    show()
  })
  across.addEventListener("input", show)
  down.addEventListener("input", show)
  show()
})
