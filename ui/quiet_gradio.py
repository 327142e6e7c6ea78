"""gradio, imported with its analytics and version check off: every UI module takes `gr` from here."""
from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # read when gradio is imported: no telemetry, no version check

import gradio as gr  # noqa: E402,F401
