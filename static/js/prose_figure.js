// The body editor's photos and galleries (django-prose-editor extension "NewsroomFigure").
//
// A figure is stored as a reference to library photos, never a copied URL:
//   <figure data-image="12" data-size="inline"></figure>
//   <figure class="gallery" data-images="12,13,14"></figure>
// so replacing or re-cropping a photo changes every story using it. The toolbar button opens
// a picker: search the photo library (only the photos this user may see: the admin's
// articles/image/picker/ view), tick one photo and choose its size, or tick several for a
// gallery. The server cleans the body to exactly these two shapes
// (articles/text_format.py).
import { Node } from "django-prose-editor/editor"

const SIZES = [
  ["inline", "Inline (text width)"],
  ["wide", "Wide"],
  ["full", "Full width"],
]

const stylesheet = new URL("../css/prose_figure.css", import.meta.url).href
if (!document.querySelector(`link[href="${stylesheet}"]`)) {
  const link = document.createElement("link")
  link.rel = "stylesheet"
  link.href = stylesheet
  document.head.append(link)
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value
    else node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}

async function fetchPhotos(pickerUrl, params) {
  const url = new URL(pickerUrl, window.location.href)
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  const response = await fetch(url, { credentials: "same-origin" })
  if (!response.ok) throw new Error(`The photo library answered ${response.status}`)
  return (await response.json()).results
}

// A figure and an empty paragraph after it: the cursor lands below the figure (typing goes on
// there, and a second figure does not replace the first); an empty paragraph is not stored.
function withParagraph(attrs) {
  return [
    { type: "newsroomFigure", attrs: { image: null, size: "inline", images: null, embed: null, ...attrs } },
    { type: "paragraph" },
  ]
}

function openPicker(editor, pickerUrl) {
  const dialogCount = document.querySelectorAll(".figure-picker").length
  const id = `figure-picker-${dialogCount + 1}`
  const search = element("input", { type: "search", id: `${id}-q`, name: "q" })
  const size = element("select", { id: `${id}-size` })
  for (const [value, label] of SIZES) size.append(element("option", { value, text: label }))
  const results = element("ul", { class: "figure-picker-results", "aria-live": "polite" })
  const status = element("p", { class: "figure-picker-status", role: "status" })
  const insertPhoto = element("button", { type: "button", text: "Insert photo" })
  const insertGallery = element("button", { type: "button", text: "Insert gallery" })
  const cancel = element("button", { type: "button", text: "Cancel" })
  const dialog = element(
    "dialog",
    { class: "figure-picker", "aria-labelledby": `${id}-title` },
    element("h2", { id: `${id}-title`, text: "Insert a photo or a gallery" }),
    element(
      "p",
      {},
      element("label", { for: search.id, text: "Search the photo library " }),
      search,
    ),
    status,
    results,
    element(
      "p",
      {},
      element("label", { for: size.id, text: "Size of a single photo " }),
      size,
    ),
    element(
      "p",
      { class: "figure-picker-help" },
      "Tick one photo to insert it, or several (in the order you want them) for a gallery.",
    ),
    element("p", { class: "figure-picker-buttons" }, insertPhoto, insertGallery, cancel),
  )
  const chosen = []

  function updateButtons() {
    insertPhoto.disabled = chosen.length !== 1
    insertGallery.disabled = chosen.length < 2
  }

  async function load() {
    status.textContent = "Searching…"
    try {
      const photos = await fetchPhotos(pickerUrl, { q: search.value })
      results.replaceChildren(
        ...photos.map((photo) => {
          const box = element("input", { type: "checkbox", value: String(photo.id) })
          box.checked = chosen.includes(photo.id)
          box.addEventListener("change", () => {
            const at = chosen.indexOf(photo.id)
            if (box.checked && at < 0) chosen.push(photo.id)
            if (!box.checked && at >= 0) chosen.splice(at, 1)
            updateButtons()
          })
          const words = photo.caption || photo.alt || `Photo ${photo.id}`
          return element(
            "li",
            {},
            element(
              "label",
              {},
              box,
              element("img", {
                src: photo.thumbnail,
                alt: "",
                width: "160",
                height: String(Math.round((160 * photo.height) / Math.max(photo.width, 1))),
                loading: "lazy",
              }),
              element("span", { text: words + (photo.alt ? "" : " (no alt text yet)") }),
            ),
          )
        }),
      )
      status.textContent = photos.length ? `${photos.length} photos` : "No photos found."
    } catch (error) {
      status.textContent = `The photo library could not be searched: ${error.message}`
    }
  }

  function close() {
    dialog.close()
    dialog.remove()
    editor.commands.focus()
  }

  let timer = null
  search.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(load, 250)
  })
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault() // never submit the article form from the picker
      load()
    }
  })
  insertPhoto.addEventListener("click", () => {
    editor
      .chain()
      .focus()
      .insertContent(withParagraph({ image: String(chosen[0]), size: size.value }))
      .run()
    close()
  })
  insertGallery.addEventListener("click", () => {
    editor
      .chain()
      .focus()
      .insertContent(withParagraph({ images: chosen.join(",") }))
      .run()
    close()
  })
  cancel.addEventListener("click", close)
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault()
    close()
  })
  updateButtons()
  document.body.append(dialog)
  dialog.showModal()
  search.focus()
  load()
}

function openEmbedDialog(editor, embedProviders) {
  const id = `embed-dialog-${document.querySelectorAll(".figure-picker").length + 1}`
  const address = element("input", { type: "url", id: `${id}-url`, size: "60" })
  const problem = element("p", { class: "figure-picker-status", role: "alert" })
  const insert = element("button", { type: "button", text: "Insert embed" })
  const cancel = element("button", { type: "button", text: "Cancel" })
  const dialog = element(
    "dialog",
    { class: "figure-picker", "aria-labelledby": `${id}-title` },
    element("h2", { id: `${id}-title`, text: "Embed a video, post, map or document" }),
    element(
      "p",
      {},
      element("label", { for: address.id, text: "Address (https) " }),
      address,
    ),
    element("p", {
      class: "figure-picker-help",
      text:
        "From YouTube, Vimeo, X, Bluesky, OpenStreetMap or DocumentCloud. Readers see a " +
        "link first; the provider's player loads only when they ask for it.",
    }),
    problem,
    element("p", { class: "figure-picker-buttons" }, insert, cancel),
  )
  function close() {
    dialog.close()
    dialog.remove()
    editor.commands.focus()
  }
  function submit() {
    let host = ""
    try {
      const url = new URL(address.value.trim())
      host = url.protocol === "https:" ? url.hostname : ""
    } catch {}
    if (!embedProviders.includes(host)) {
      problem.textContent =
        "Newsroom can only embed https addresses from: " + embedProviders.join(", ")
      address.focus()
      return
    }
    editor.chain().focus().insertContent(withParagraph({ embed: address.value.trim() })).run()
    close()
  }
  address.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault() // never submit the article form from the dialog
      submit()
    }
  })
  insert.addEventListener("click", submit)
  cancel.addEventListener("click", close)
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault()
    close()
  })
  document.body.append(dialog)
  dialog.showModal()
  address.focus()
}

export const NewsroomFigure = Node.create({
  name: "newsroomFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { pickerUrl: "", embedProviders: [] }
  },

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (node) => node.getAttribute("data-image"),
        renderHTML: (attributes) => (attributes.image ? { "data-image": attributes.image } : {}),
      },
      size: {
        default: "inline",
        parseHTML: (node) => node.getAttribute("data-size") || "inline",
        renderHTML: (attributes) => (attributes.image ? { "data-size": attributes.size } : {}),
      },
      images: {
        default: null,
        parseHTML: (node) => node.getAttribute("data-images"),
        renderHTML: (attributes) =>
          attributes.images ? { class: "gallery", "data-images": attributes.images } : {},
      },
      embed: {
        default: null,
        parseHTML: (node) => node.getAttribute("data-embed"),
        renderHTML: (attributes) => (attributes.embed ? { "data-embed": attributes.embed } : {}),
      },
    }
  },

  parseHTML() {
    return [
      { tag: "figure[data-image]" },
      { tag: "figure[data-images]" },
      { tag: "figure[data-embed]" },
    ]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    const pickerUrl = this.options.pickerUrl
    return ({ node }) => {
      if (node.attrs.embed) {
        return {
          dom: element(
            "div",
            { class: "figure-node", contenteditable: "false" },
            element("span", { class: "figure-node-label", text: `Embed: ${node.attrs.embed}` }),
          ),
        }
      }
      const ids = node.attrs.images ? node.attrs.images : node.attrs.image || ""
      const label = node.attrs.images
        ? `Gallery: photos ${ids}`
        : `Photo ${ids} (${node.attrs.size})`
      const thumbs = element("span", { class: "figure-node-thumbs" })
      const dom = element(
        "div",
        { class: "figure-node", contenteditable: "false" },
        thumbs,
        element("span", { class: "figure-node-label", text: label }),
      )
      fetchPhotos(pickerUrl, { ids })
        .then((photos) => {
          const byId = new Map(photos.map((photo) => [String(photo.id), photo]))
          thumbs.replaceChildren(
            ...ids.split(",").map((photoId) => {
              const photo = byId.get(photoId)
              if (!photo) return element("span", { text: `Photo ${photoId} is missing` })
              return element("img", { src: photo.thumbnail, alt: photo.alt, width: "120" })
            }),
          )
        })
        .catch(() => {})
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    const { pickerUrl, embedProviders } = this.options
    menu.defineItem({
      name: "newsroomEmbed",
      groups: "nodes",
      button: buttons.material("smart_display", "Embed a video, post, map or document"),
      command(editor) {
        openEmbedDialog(editor, embedProviders)
      },
    })
    menu.defineItem({
      name: "newsroomFigure",
      groups: "nodes",
      button: buttons.material("image", "Insert a photo or a gallery"),
      command(editor) {
        openPicker(editor, pickerUrl)
      },
    })
  },
})
