"""Domain errors the views turn into messages next to the right field or page."""


class ServiceError(Exception):
    """Base for errors a user can act on; str(error) is the message to show."""


class NotFound(ServiceError):
    pass


class QuestionRetired(ServiceError):
    pass


class UsernameTaken(ServiceError):
    pass


class InvalidCredentials(ServiceError):
    pass


class ImportRejected(ServiceError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems
