"""TEMPORARY: being written."""

from django.http import Http404


def course_list(request, **kwargs):
    raise Http404


def course_create(request, **kwargs):
    raise Http404


def places(request, **kwargs):
    raise Http404


def statistics(request, **kwargs):
    raise Http404


def teacher_list(request, **kwargs):
    raise Http404


def teacher_create(request, **kwargs):
    raise Http404


def teacher_edit(request, **kwargs):
    raise Http404


def curriculum_list(request, **kwargs):
    raise Http404


def curriculum_detail(request, **kwargs):
    raise Http404


def course_detail(request, **kwargs):
    raise Http404


def session_add(request, **kwargs):
    raise Http404


def course_finish(request, **kwargs):
    raise Http404


def course_cancel(request, **kwargs):
    raise Http404
