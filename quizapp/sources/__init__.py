"""Sources: the texts a bank's facts come from (an article, a chapter, a teacher's notes), with
numbered paragraphs that questions cite. A teacher adds them by pasting or uploading and corrects
them; a school's shipped sources are metadata files whose text is loaded from the school's copy.
Uses the banks part's models (which questions cite what); owns the source tables."""
