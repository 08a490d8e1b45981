"""A task for the worker tests (tasks must live at module level)."""

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b
