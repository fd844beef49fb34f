"""The creator layer: from a persona and a topic to a finished post, and a week of them.

- ``platforms``: each platform's format; ``persona``: who speaks, on disk.
- ``copywriting``: the brief and the words (caption, image prompt, slide lines, voiceover).
- ``generation``: images by either route, the video, the preview card.
- ``journal``: a post folder's manifest; ``steps``: each paid step over the journal;
  ``pipeline``: ``create_post``, the steps in order.
- ``variants``: one brief on several models; ``calendar``: plans, many posts, the export;
  ``studio``: all of it as a widget.
"""
