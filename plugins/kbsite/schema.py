"""JSON Schemas for the YAML files, generated from the models, for editor autocompletion."""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from .model import Area, Timeline, Topic

BASE = "https://learn-something-harder.invalid/schema/"  # an id, never fetched


def schemas() -> dict[str, dict]:
    """File name under schema/ → JSON Schema."""
    topic = Topic.model_json_schema()
    topic.update({"$id": BASE + "topic.schema.json", "title": "Topic (kb/topics/<id>.yml)",
                  "description": "One topic of Learn Something Harder. The id is the file name."})
    areas = TypeAdapter(list[Area]).json_schema()
    areas.update({"$id": BASE + "areas.schema.json", "title": "Skill areas (kb/areas.yml)",
                  "description": "The skill areas, in display order."})
    timeline = Timeline.model_json_schema()
    timeline.update({"$id": BASE + "timeline.schema.json",
                     "title": "Hype-cycle timeline (kb/timeline.yml)"})
    return {"topic.schema.json": topic, "areas.schema.json": areas,
            "timeline.schema.json": timeline}


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# The first line of every YAML file under kb/: editors with the YAML language server
# (VS Code's YAML extension, Neovim, Helix, JetBrains) then validate and autocomplete.
TOPIC_HEADER = "# yaml-language-server: $schema=../../schema/topic.schema.json"
AREAS_HEADER = "# yaml-language-server: $schema=../schema/areas.schema.json"
TIMELINE_HEADER = "# yaml-language-server: $schema=../schema/timeline.schema.json"
