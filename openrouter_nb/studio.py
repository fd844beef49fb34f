"""The post studio: the pipeline as an interactive widget (pickers, a brief form, Generate, a gallery)."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from .frames import TASK_COLUMNS
from .media import ImageResult, VideoResult, post_card_html
from .pipeline import PLATFORMS, Brief, Post, create_post
from .sync import run, spawn
from .widgets import ModelPicker

if TYPE_CHECKING:
    import pandas as pd

    from .client import OpenRouterClient

__all__ = ["PostStudio"]


class PostStudio(widgets.VBox):
    """Pick a text and an image model, fill in a brief, press Generate, see the post and its cost.

    ``await studio.generate()`` does what the button does (handy in scripts and tests); the button
    runs it in the background so the kernel stays responsive, and shows any error in the widget.
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
    ) -> None:
        self.client = client
        self.out_dir = Path(out_dir)
        self.seed = seed
        self.posts: list[Post] = []
        self.text_picker = ModelPicker(frame, task="text")
        self.image_picker = ModelPicker(frame, task="image")
        if text_model in self.text_picker.options:
            self.text_picker.value = text_model
        if image_model in self.image_picker.options:
            self.image_picker.value = image_model
        videos = [str(i) for i in frame.index[frame[TASK_COLUMNS["video"]]]]
        self.persona = widgets.Text(value="Mia, a plant-loving barista in Lisbon", description="Persona")
        self.topic = widgets.Text(value="autumn latte art at sunrise", description="Topic")
        self.platform = widgets.Dropdown(options=list(PLATFORMS), value="instagram", description="Platform")
        self.n_images = widgets.BoundedIntText(value=1, min=1, max=4, description="Images")
        self.video = widgets.Checkbox(value=False, description="Also make a short video", indent=False)
        self.video_model = widgets.Dropdown(options=videos, value=videos[0] if videos else None, description="Video")
        self.generate_button = widgets.Button(description="Generate", button_style="primary", icon="magic")
        self.status = widgets.HTML("<i>Fill in the brief and press Generate.</i>")
        self.gallery = widgets.VBox()
        #: the generation the button started in the background (None before the first click)
        self.task: asyncio.Future[Any] | None = None
        self.generate_button.on_click(self._on_click)
        pickers = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<b>Text model</b>"), self.text_picker]),
                widgets.VBox([widgets.HTML("<b>Image model</b>"), self.image_picker]),
            ]
        )
        form = widgets.VBox(
            [self.persona, self.topic, self.platform, self.n_images, widgets.HBox([self.video, self.video_model])]
        )
        super().__init__([pickers, form, widgets.HBox([self.generate_button, self.status]), self.gallery])

    def brief(self) -> Brief:
        """The brief the form describes (ValueError when it is incomplete)."""
        return Brief(persona=self.persona.value, topic=self.topic.value, platform=self.platform.value)

    async def generate(self) -> Post:
        """Run the pipeline for the current form and add the post to the gallery."""
        text_model, image_model = self.text_picker.value, self.image_picker.value
        if not text_model or not image_model:
            raise ValueError("pick a text model and an image model first")
        post = await create_post(
            self.client,
            self.brief(),
            text_model=text_model,
            image_model=image_model,
            n_images=self.n_images.value,
            seed=self.seed,
            video_model=self.video_model.value if self.video.value else None,
            out_dir=self.out_dir,
        )
        self.posts.append(post)
        self.gallery.children = (self._card(post), *self.gallery.children)
        self.status.value = f"Done: <b>${post.cost:.4f}</b> · saved in <code>{html.escape(str(post.folder))}</code>"
        return post

    def _card(self, post: Post) -> widgets.Widget:
        preview = ImageResult(post.preview.read_bytes(), "image/png")
        video = VideoResult(post.video.read_bytes()) if post.video is not None else None
        models = f"{html.escape(self.text_picker.value or '')} + {html.escape(self.image_picker.value or '')}"
        return widgets.HTML(post_card_html(preview, f"cost <b>${post.cost:.4f}</b> · {models}", video=video))

    def _on_click(self, _button: Any) -> None:
        self.generate_button.disabled = True
        self.status.value = "<i>Generating…</i>"

        def finished(_post: Post) -> None:
            self.generate_button.disabled = False

        def failed(error: BaseException) -> None:
            self.generate_button.disabled = False
            self.status.value = f"<span style='color:#b00'>Error: {html.escape(str(error))}</span>"

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop (a plain script): run to completion here
            try:
                finished(run(self.generate()))
            except Exception as error:  # shown in the widget, never swallowed
                failed(error)
            return
        self.task = spawn(self.generate(), on_result=finished, on_error=failed)
