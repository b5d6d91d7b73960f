"""The Hub's pipeline-tag vocabulary as of 2026-08 (`PIPELINE_DATA` in huggingface.js's
`@huggingface/tasks`, and the tasks with a `TaskData` entry).

47 of the 57 ids have an entry in `/api/tasks`; the other ten carry real models but are
missing from it, which is the trap a crawler must be able to see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PipelineTag:
    id: str
    label: str
    modality: str
    in_api_tasks: bool


_TABLE = """
text-classification|Text Classification|nlp|y
token-classification|Token Classification|nlp|y
table-question-answering|Table Question Answering|nlp|y
question-answering|Question Answering|nlp|y
zero-shot-classification|Zero-Shot Classification|nlp|y
translation|Translation|nlp|y
summarization|Summarization|nlp|y
feature-extraction|Feature Extraction|nlp|y
text-generation|Text Generation|nlp|y
fill-mask|Fill-Mask|nlp|y
sentence-similarity|Sentence Similarity|nlp|y
text-to-speech|Text-to-Speech|audio|y
text-to-audio|Text-to-Audio|audio|n
automatic-speech-recognition|Automatic Speech Recognition|audio|y
audio-to-audio|Audio-to-Audio|audio|y
audio-classification|Audio Classification|audio|y
audio-text-to-text|Audio-Text-to-Text|multimodal|y
voice-activity-detection|Voice Activity Detection|audio|n
depth-estimation|Depth Estimation|cv|y
image-classification|Image Classification|cv|y
object-detection|Object Detection|cv|y
image-segmentation|Image Segmentation|cv|y
text-to-image|Text-to-Image|cv|y
image-to-text|Image-to-Text|cv|y
image-to-image|Image-to-Image|cv|y
image-to-video|Image-to-Video|cv|y
unconditional-image-generation|Unconditional Image Generation|cv|y
video-classification|Video Classification|cv|y
reinforcement-learning|Reinforcement Learning|rl|y
robotics|Robotics|rl|n
tabular-classification|Tabular Classification|tabular|y
tabular-regression|Tabular Regression|tabular|y
tabular-to-text|Tabular to Text|tabular|n
table-to-text|Table to Text|nlp|n
multiple-choice|Multiple Choice|nlp|n
text-ranking|Text Ranking|nlp|y
text-retrieval|Text Retrieval|nlp|n
time-series-forecasting|Time Series Forecasting|tabular|n
text-to-video|Text-to-Video|cv|y
image-text-to-text|Image-Text-to-Text|multimodal|y
image-text-to-image|Image-Text-to-Image|multimodal|y
image-text-to-video|Image-Text-to-Video|multimodal|y
visual-question-answering|Visual Question Answering|multimodal|y
document-question-answering|Document Question Answering|multimodal|y
zero-shot-image-classification|Zero-Shot Image Classification|cv|y
graph-ml|Graph Machine Learning|other|n
mask-generation|Mask Generation|cv|y
zero-shot-object-detection|Zero-Shot Object Detection|cv|y
text-to-3d|Text-to-3D|cv|y
image-to-3d|Image-to-3D|cv|y
image-feature-extraction|Image Feature Extraction|cv|y
video-text-to-text|Video-Text-to-Text|multimodal|y
keypoint-detection|Keypoint Detection|cv|y
visual-document-retrieval|Visual Document Retrieval|multimodal|y
any-to-any|Any-to-Any|multimodal|y
video-to-video|Video-to-Video|cv|y
other|Other|other|n
"""

PIPELINE_TAGS: tuple[PipelineTag, ...] = tuple(
    PipelineTag(id_, label, modality, flag == "y")
    for id_, label, modality, flag in (line.split("|") for line in _TABLE.strip().splitlines())
)
API_TASK_IDS: tuple[str, ...] = tuple(t.id for t in PIPELINE_TAGS if t.in_api_tasks)
# Pipeline tags absent from /api/tasks that real models carry, most common first.
EXTRA_TASK_IDS: tuple[str, ...] = (
    "time-series-forecasting",
    "voice-activity-detection",
    "text-to-audio",
    "robotics",
    "graph-ml",
    "text-retrieval",
)
LABELS: dict[str, str] = {t.id: t.label for t in PIPELINE_TAGS}
MODALITY: dict[str, str] = {t.id: t.modality for t in PIPELINE_TAGS}

# TaskData quirks a parser must survive, as `/api/tasks` serves them: some entries lack
# `youtubeId`, some have `widgetModels: [""]`.
NO_YOUTUBE_ID = frozenset({"feature-extraction", "text-to-video"})
EMPTY_WIDGET = frozenset({"depth-estimation", "visual-document-retrieval"})
BLANK_WIDGET = frozenset({"unconditional-image-generation"})
CANONICAL_ID = {
    "summarization": "text-generation",
    "translation": "text-generation",
    "text-to-speech": "text-to-audio",
}
NOT_PLACEHOLDER = frozenset(
    {"visual-document-retrieval", "image-to-image", "visual-question-answering"}
)
