"""The pictures part's table: one row per picture per bank."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


class Picture(Base):
    """A picture a bank's questions may show as `picture:<sha256>.<ext>`. The same picture in two
    banks is two rows, so that who may see it and what it counts against follow each bank."""

    __tablename__ = "picture"
    __table_args__ = (UniqueConstraint("bank_id", "sha256", name="uq_picture_bank_sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of `data`, as stored
    media_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    alt: Mapped[str] = mapped_column(String(limits.PICTURE_ALT))  # as first uploaded
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None)
