"""`tour review`: the class review in an app of its own (the screen is
screens/class_review.py), in the terminal or, with `tour review --serve`, in a browser
tab on the teacher's machine."""

from __future__ import annotations

from textual.app import App

from ..errors import ExitCode, UsageError
from ..review.commands import load_review
from ..review.questions import Review
from ..settings import Settings
from .app import theme_names
from .screens.class_review import ClassReviewScreen
from .themes import DEFAULT_THEME, THEMES


class ReviewApp(App[None]):
    """One screen: the class review of one tour."""

    CSS_PATH = "screens/class_review.tcss"  # a default screen's own CSS_PATH is not read

    def __init__(self, review: Review, *, theme: str | None = None) -> None:
        super().__init__()
        self.review = review
        for registered in THEMES:
            self.register_theme(registered)
        self.theme = theme or DEFAULT_THEME
        self.title = f"Class review \u00b7 {review.tour.title}"

    def get_default_screen(self) -> ClassReviewScreen:
        return ClassReviewScreen(self.review)


def run_review_app(settings: Settings) -> int:
    """Gather the class's questions (a message and exit 2 where there are none to read),
    then run the review app."""
    if settings.theme and settings.theme not in theme_names():
        raise UsageError(f"unknown theme {settings.theme!r}; choose one of: {', '.join(theme_names())}")
    review = load_review(settings)
    app = ReviewApp(review, theme=settings.theme)
    app.run()
    return app.return_code or ExitCode.OK
