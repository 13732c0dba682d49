"""Errors as JSON naming the field, in the requester's language (Accept-Language).

The actions raise Django's ValidationError (with the field it concerns) and PermissionDenied;
DRF's own handler turns the latter, Http404 and its own errors into JSON, this adds the former
and the optimistic-locking conflict."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from synergie.audit.versions import EditConflict


def as_drf_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                  for field, messages in error.message_dict.items()}
    else:
        detail = {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, EditConflict):
        return Response({"version": [
            _("Someone changed this since version %(version)s: read it again, then send your "
              "change with the new version.") % {"version": exc.expected}]},
            status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
