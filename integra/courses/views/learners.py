"""TEMPORARY: being written."""

from django.http import Http404


def enrol(request, **kwargs):
    raise Http404


def withdraw(request, **kwargs):
    raise Http404


def certificate_pdf(request, **kwargs):
    raise Http404


def register(request, **kwargs):
    raise Http404


def result(request, **kwargs):
    raise Http404


def verify(request, **kwargs):
    raise Http404
