"""The post studio: the pipeline as an interactive widget (pickers, persona, platform, variants, Generate, export)."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .._core.sync import launch
from ..catalog.columns import TASK_COLUMNS
from ..catalog.picker import ModelPicker
from ..errors import OpenRouterError
from ..media import ImageResult, VideoResult, post_card_html
from .calendar import export_posts
from .copywriting import Brief
from .persona import Persona
from .pipeline import Post, create_post
from .platforms import PLATFORMS, platform_format
from .variants import caption_variants, image_variants

if TYPE_CHECKING:
    import pandas as pd

    from ..client.client import OpenRouterClient

__all__ = ["PostStudio", "SlideFlipper"]


def _short(text: str, limit: int = 110) -> str:
    """A radio label on one line: long captions end in an ellipsis (the whole one is the value)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PostStudio(widgets.VBox):
    """Make posts interactively: models, a persona, a platform, variants to choose from, Generate.

    The form: a persona (the shipped one, Mia, to begin with; a description; or a persona file
    loaded and saved with the buttons), the topic, the platform (its shape, caption limit and
    hashtags shown live), slides (a carousel), a video and a voiceover for vertical formats.
    *Caption variants* and *Image variants* run the brief on several models side by side; the
    chosen caption and image model are used by *Generate*, which makes one post at a time (a
    second click while it runs starts nothing). The running cost (against the client's budget,
    when it has one; "emulated" offline) and *Export* (a zip with a ``posts.csv``) sit under the
    form. ``await studio.generate()`` does what the button does; errors show in the widget.
    """

    def __init__(
        self,
        client: OpenRouterClient,
        frame: pd.DataFrame,
        *,
        out_dir: str | Path = "output/studio",
        seed: int = 0,
        text_model: str | None = None,
        image_model: str | None = None,
        variant_models: tuple[str, ...] = ("openai/gpt-4o-mini", "google/gemini-2.5-flash", "mistralai/mistral-nemo"),
        speech_model: str = "hexgrad/kokoro-82m",
    ) -> None:
        self.client = client
        self.out_dir = Path(out_dir)
        self.seed = seed
        self.speech_model = speech_model
        self.variant_models = [m for m in variant_models if m in frame.index] or [str(frame.index[0])]
        self.posts: list[Post] = []
        self.loaded: Persona | None = Persona.example()  # the shipped persona until another is loaded
        self.chosen_caption: str | None = None
        #: the generation the button started in the background (None before the first click)
        self.task: asyncio.Future[Any] | None = None
        self._busy: set[widgets.Button] = set()  # buttons whose work is running
        self._generating = False
        self._make_pickers(frame, text_model, image_model)
        self._make_form([str(i) for i in frame.index[frame[TASK_COLUMNS["video"]]]])
        self._connect()
        self._show_platform()
        self._show_spent()
        super().__init__(self._layout())

    def _make_pickers(self, frame: pd.DataFrame, text_model: str | None, image_model: str | None) -> None:
        self.text_picker = ModelPicker(frame, task="text")
        self.image_picker = ModelPicker(frame, task="image")
        if text_model in self.text_picker.options:
            self.text_picker.value = text_model
        if image_model in self.image_picker.options:
            self.image_picker.value = image_model

    def _make_form(self, videos: list[str]) -> None:
        self.persona = widgets.Text(value=self.loaded.describe() if self.loaded else "", description="Persona")
        self.persona_file = widgets.Text(placeholder="persona.json", description="File")
        self.load_button = widgets.Button(description="Load", icon="folder-open")
        self.save_button = widgets.Button(description="Save", icon="save")
        self.topic = widgets.Text(value="autumn latte art at sunrise", description="Topic")
        self.platform = widgets.Dropdown(options=list(PLATFORMS), value="instagram", description="Platform")
        self.platform_info = widgets.HTML()
        self.n_images = widgets.BoundedIntText(value=1, min=1, max=4, description="Slides")
        self.video = widgets.Checkbox(value=False, description="Also make a short video", indent=False)
        self.video_model = widgets.Dropdown(options=videos, value=videos[0] if videos else None, description="Video")
        self.voiceover = widgets.Checkbox(value=False, description="Voiceover (vertical video)", indent=False)
        self.caption_button = widgets.Button(description="Caption variants", icon="list")
        self.image_button = widgets.Button(description="Image variants", icon="image")
        self.captions = widgets.RadioButtons(options=[], layout=widgets.Layout(width="100%"))
        self.images = widgets.HBox()
        self.generate_button = widgets.Button(description="Generate", button_style="primary", icon="magic")
        self.export_button = widgets.Button(description="Export", icon="download")
        self.status = widgets.HTML("<i>Fill in the brief and press Generate.</i>")
        self.spent = widgets.HTML()
        self.gallery = widgets.VBox()

    def _connect(self) -> None:
        self.generate_button.on_click(lambda _b: self._start(self.generate(), self.generate_button, "Generating…"))
        self.caption_button.on_click(
            lambda _b: self._start(self.caption_variants(), self.caption_button, "Asking the text models…")
        )
        self.image_button.on_click(
            lambda _b: self._start(self.image_variants(), self.image_button, "Making image variants…")
        )
        self.export_button.on_click(lambda _b: self._guard(self.export))
        self.load_button.on_click(lambda _b: self._guard(self.load_persona))
        self.save_button.on_click(lambda _b: self._guard(self.save_persona))
        self.captions.observe(self._on_caption, "value")
        self.platform.observe(lambda _c: self._show_platform(), "value")

    def _layout(self) -> list[widgets.Widget]:
        pickers = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>Text model</b>"), self.text_picker]),
                widgets.VBox([widgets.HTML("<b>Image model</b>"), self.image_picker]),
            ]
        )
        form = widgets.VBox(
            [
                self.persona,
                widgets.HBox([self.persona_file, self.load_button, self.save_button]),
                self.topic,
                widgets.HBox([self.platform, self.platform_info]),
                self.n_images,
                widgets.HBox([self.video, self.video_model, self.voiceover]),
                widgets.HBox([self.caption_button, self.image_button]),
                self.captions,
                self.images,
            ]
        )
        actions = widgets.HBox([self.generate_button, self.export_button, self.status])
        return [pickers, form, actions, self.spent, self.gallery]

    # -- the form ------------------------------------------------------------------------------

    def brief(self) -> Brief:
        """The brief the form describes (ValueError when it is incomplete)."""
        persona: Persona | str = self.persona.value
        if self.loaded is not None and self.persona.value == self.loaded.describe():
            persona = self.loaded
        return Brief(persona=persona, topic=self.topic.value, platform=self.platform.value)

    def _show_platform(self) -> None:
        fmt = platform_format(self.platform.value)
        self.platform_info.value = (
            f"<small>{fmt.aspect_ratio} · {fmt.width}×{fmt.height} · caption ≤ {fmt.caption_limit:,} chars · "
            f"{fmt.hashtags} hashtags · up to {fmt.max_slides} slides</small>"
        )
        self.n_images.max = fmt.max_slides
        self.n_images.value = min(self.n_images.value, self.n_images.max)
        self.voiceover.disabled = not fmt.vertical_video
        self.chosen_caption, self.captions.options = None, []  # captions were held to the old limit

    def _show_spent(self) -> None:
        spent = self.client.ledger.total
        left = self.client.budget_left
        budget = "" if left is None else f" · ${left:.4f} of the ${self.client.budget.limit:.2f} budget left"  # type: ignore[union-attr]
        what = "emulated spend this session (offline: nothing billed)" if self.client.emulated else "spent this session"
        self.spent.value = f"<small>{what}: <b>${spent:.4f}</b>{budget}</small>"

    def load_persona(self) -> Persona:
        """Load the persona file named in the form (its description fills the Persona field)."""
        self.loaded = Persona.load(self.persona_file.value)
        self.persona.value = self.loaded.describe()
        if self.loaded.platforms[0] in PLATFORMS:
            self.platform.value = self.loaded.platforms[0]
        self.status.value = (
            f"Loaded persona <b>{html.escape(self.loaded.handle)}</b>: {html.escape(self.loaded.summary())}"
        )
        return self.loaded

    def save_persona(self) -> Path:
        """Save the loaded persona to the file named in the form."""
        if self.loaded is None:
            raise ValueError("load a persona first (a description has no handle or references to save)")
        path = self.loaded.save(self.persona_file.value)
        self.status.value = f"Saved <code>{html.escape(str(path))}</code>"
        return path

    # -- variants ------------------------------------------------------------------------------

    async def caption_variants(self) -> Any:
        """The brief's caption from the variant models; the options to choose from."""
        frame = await caption_variants(self.client, self.brief(), self.variant_models, seed=self.seed)
        good = frame[frame["error"].isna()]
        self.captions.options = [(_short(f"{row.model}: {row.output}"), row.output) for row in good.itertuples()]
        self._show_spent()
        self.status.value = f"{len(good)} caption variants: pick one, then Generate"
        return frame

    def _on_caption(self, change: dict[str, Any]) -> None:
        self.chosen_caption = change["new"]

    async def image_variants(self) -> Any:
        """One image per image model among the picker's first offers; a button under each picks the model."""
        models = list(dict.fromkeys([self.image_picker.value, *self.image_picker.options[:2]]))
        prompt = f"{self.topic.value}, a {platform_format(self.platform.value).label} picture"
        frame = await image_variants(
            self.client, prompt, [m for m in models if m], aspect_ratio=self.brief().shape, seed=self.seed,
            persona=self.loaded,
        )  # fmt: skip
        tiles = []
        for row in frame[frame["error"].isna()].itertuples():
            pick = widgets.Button(description="Use this model")
            pick.on_click(lambda _b, model=row.model: setattr(self.image_picker, "value", model))
            label = f"{html.escape(row.model)} · ${row.cost:.4f}"
            tiles.append(widgets.VBox([widgets.HTML(f"{row.output.html(140)}<br><small>{label}</small>"), pick]))
        self.images.children = tiles
        self._show_spent()
        self.status.value = f"{len(tiles)} image variants: use one, then Generate"
        return frame

    # -- generate and export ----------------------------------------------------------------------

    async def generate(self) -> Post:
        """Run the pipeline for the current form and add the post to the gallery (one post at a time)."""
        text_model, image_model = self.text_picker.value, self.image_picker.value
        if not text_model or not image_model:
            raise ValueError("pick a text model and an image model first")
        if self._generating:
            raise RuntimeError("a post is being made already: wait for it (one post at a time)")
        self._generating = True
        try:
            post = await self._make(text_model, image_model)
        finally:
            self._generating = False
        self.posts.append(post)
        self.gallery.children = (self._card(post), *self.gallery.children)
        self.status.value = (
            f"Done: <b>{self._usd(post.cost)}</b> · saved in <code>{html.escape(str(post.folder))}</code>"
        )
        self._show_spent()
        return post

    def _usd(self, amount: float) -> str:
        """An amount as the studio shows it: emulated figures say so."""
        return f"${amount:.4f}" + (" (emulated)" if self.client.emulated else "")

    async def _make(self, text_model: str, image_model: str) -> Post:
        brief = self.brief()
        vertical = brief.format.vertical_video
        return await create_post(
            self.client,
            brief,
            text_model=text_model,
            image_model=image_model,
            n_images=self.n_images.value,
            seed=self.seed,
            video_model=self.video_model.value if self.video.value else None,
            voiceover=self.speech_model if self.voiceover.value and vertical and self.video.value else None,
            caption=self.chosen_caption,
            out_dir=self.out_dir,
        )

    def export(self) -> Path:
        """Zip the studio's posts with a ``posts.csv`` (next to the output folder)."""
        path = export_posts(self.out_dir, self.out_dir.with_name(self.out_dir.name + "-export.zip"))
        self.status.value = f"Exported <code>{html.escape(str(path))}</code>"
        return path

    def _card(self, post: Post) -> widgets.Widget:
        """The post as it looks (its card, video, carousel slides and voiceover) and who made it."""
        models = f"{html.escape(self.text_picker.value or '')} + {html.escape(self.image_picker.value or '')}"
        preview = ImageResult(post.preview.read_bytes(), "image/png")
        video = VideoResult(post.video.read_bytes()) if post.video is not None else None
        card = widgets.HTML(post_card_html(preview, f"cost <b>{self._usd(post.cost)}</b> · {models}", video=video))
        extras = widgets.HTML(post.extras_html())
        return (
            widgets.VBox([card, SlideFlipper(post), extras]) if len(post.images) > 1 else widgets.VBox([card, extras])
        )

    def _guard(self, action: Any) -> None:
        try:
            action()
        except (ValueError, OSError, OpenRouterError) as error:
            self.status.value = f"<span style='color:#b00'>Error: {html.escape(str(error))}</span>"

    def _start(self, work: Any, button: widgets.Button, doing: str) -> None:
        """Run a button's work in the background; a second click while it runs starts nothing."""
        if button in self._busy:  # a double click arrives before the browser shows the button disabled
            work.close()
            return
        self._busy.add(button)
        button.disabled = True
        self.status.value = f"<i>{doing}</i>"

        def finished(_result: Any) -> None:
            self._busy.discard(button)
            button.disabled = False

        def failed(error: BaseException) -> None:
            self._busy.discard(button)
            button.disabled = False
            self.status.value = f"<span style='color:#b00'>Error: {html.escape(str(error))}</span>"

        self.task = launch(work, loop=self.client.loop, on_result=finished, on_error=failed)


class SlideFlipper(widgets.VBox):
    """A carousel slide by slide: the slide, its number and line, and buttons to flip through them."""

    def __init__(self, post: Post, *, width: int = 300) -> None:
        self.slides = [path.read_bytes() for path in post.images]
        self.lines = list(post.slide_captions) + [""] * (len(self.slides) - len(post.slide_captions))
        self.index = 0
        self.picture = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px"))
        self.caption = widgets.HTML()
        self.previous = widgets.Button(
            description="Previous", icon="chevron-left", layout=widgets.Layout(width="110px")
        )
        self.next = widgets.Button(description="Next", icon="chevron-right", layout=widgets.Layout(width="110px"))
        self.previous.on_click(lambda _b: self.show(self.index - 1))
        self.next.on_click(lambda _b: self.show(self.index + 1))
        self.show(0)
        super().__init__([self.picture, self.caption, widgets.HBox([self.previous, self.next])])
        self.add_class("slide-flipper")

    def show(self, index: int) -> None:
        """Show slide ``index`` (counted from 0; past either end it wraps around)."""
        self.index = index % len(self.slides)
        self.picture.value = self.slides[self.index]
        line = html.escape(self.lines[self.index])
        self.caption.value = f"<b>Slide {self.index + 1} of {len(self.slides)}</b> · {line}"
