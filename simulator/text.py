"""Bilingual text: every user-facing string exists in Chinese and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(BaseModel):
    """A text in Chinese (the authoritative language of the plan) and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=1, description="Chinese text (the users' primary language).")
    en: str = Field(min_length=1, description="English text.")

    def get(self, lang: Lang) -> str:
        """Return the text in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        """Return ``{"zh": ..., "en": ...}`` for journal payloads."""
        return {"zh": self.zh, "en": self.en}
