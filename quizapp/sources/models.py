"""The sources part's tables: a source and its numbered paragraphs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


class Source(Base):
    """A text questions cite. The school's own (no owner) ship as metadata; a teacher's are theirs,
    for one bank (`bank_id`) or for all of their banks."""

    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)  # what citations name: "slug#12"
    title: Mapped[str] = mapped_column(String(limits.SOURCE_TITLE))
    author: Mapped[str] = mapped_column(String(limits.SOURCE_AUTHOR), default="")
    published: Mapped[date | None] = mapped_column(Date, default=None)
    url: Mapped[str] = mapped_column(String(limits.SOURCE_URL), default="")
    licence: Mapped[str] = mapped_column(String(limits.SOURCE_LICENCE), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None, index=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id"), default=None, index=True)
    paragraph_count: Mapped[int] = mapped_column(default=0)
    furniture: Mapped[list[int]] = mapped_column(JSON, default=list)
    file: Mapped[str] = mapped_column(String(200), default="")  # a school copy's file name
    sha256: Mapped[str] = mapped_column(String(64), default="")  # of the text the banks cite
    text_loaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SourceParagraph(Base):
    """Paragraph `number` of a source (the first is 1), when its text is loaded."""

    __tablename__ = "source_paragraph"
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
