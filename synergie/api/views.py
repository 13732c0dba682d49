"""The API's endpoints. Each reads through its app's `visible_to` / permissions module and
writes through its app's actions with the requester as `acting_user`, so that the API checks
and audits a change exactly as the pages do."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from synergie.algorithms.permissions import visible_algorithms
from synergie.api import serializers as s
from synergie.api.filters import (
    AdoptionFilterSet,
    AlgorithmApiFilterSet,
    ApplicationFilterSet,
    NeedApiFilterSet,
    OpportunityFilterSet,
)
from synergie.api.pagination import Cursor
from synergie.catalogue import actions as catalogue_actions
from synergie.catalogue.filters import SolutionFilterSet
from synergie.catalogue.models import Adoption, Solution
from synergie.datasets.filters import DatasetFilterSet
from synergie.datasets.models import Dataset
from synergie.decisions.filters import DecisionFilterSet
from synergie.decisions.permissions import published_decisions
from synergie.delivery import actions as delivery_actions
from synergie.delivery.filters import ProjectFilterSet
from synergie.delivery.permissions import published_projects
from synergie.landscape import actions as landscape_actions
from synergie.landscape import permissions as landscape_permissions
from synergie.landscape.models import Application
from synergie.needs import actions as need_actions
from synergie.needs import permissions as need_permissions
from synergie.opportunities import actions as opportunity_actions
from synergie.opportunities import permissions as opportunity_permissions
from synergie.opportunities.models import Opportunity

REFUSED = {401: OpenApiResponse(description="Not authenticated"),
           403: OpenApiResponse(description="Refused")}
INVALID = {400: OpenApiResponse(description="Invalid input: {field: [messages]}")}
NOT_FOUND = {404: OpenApiResponse(description="Not found, or not readable by the requester")}


def signed_in(request):
    """The requester, who must have authenticated (401 otherwise)."""
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    return request.user


class ApiViewSet(viewsets.GenericViewSet):
    """Public reading, writing with a token; what exactly: the app's permissions and actions."""

    pagination_class = Cursor
    filter_backends = [DjangoFilterBackend]
    permission_classes = [IsAuthenticatedOrReadOnly]

    def may_read(self, user) -> bool:
        """Whether the requester reads this kind of object at all (which ones: the queryset)."""
        return True

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not self.may_read(request.user):
            signed_in(request)
            raise exceptions.PermissionDenied()


def _valid(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- needs -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Needs the requester may read (anonymous: the public ones)"),
    retrieve=extend_schema(summary="One need", responses={200: s.NeedSerializer, **NOT_FOUND}),
)
class NeedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.NeedSerializer
    filterset_class = NeedApiFilterSet

    def get_queryset(self):
        user = self.request.user if self.request else AnonymousUser()
        return (need_permissions.visible_needs(user)
                .select_related("institution").prefetch_related("costs"))

    @extend_schema(summary="File a new need (a draft of the institution)", request=s.NeedInput,
                   responses={201: s.NeedSerializer, **INVALID, **REFUSED})
    def create(self, request):
        user = signed_in(request)
        data = dict(_valid(s.NeedInput, request))
        data.pop("version", None)
        costs = [need_actions.CostLine(**line) for line in data.pop("costs", [])]
        need = need_actions.do_create_need(costs=costs, acting_user=user, **data)
        return Response(s.NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a need (send `version` to be told of a concurrent change)",
                   request=s.NeedInput,
                   responses={200: s.NeedSerializer, **INVALID, **REFUSED, **NOT_FOUND,
                              409: OpenApiResponse(description="Changed since `version`")})
    def partial_update(self, request, pk=None):
        user = signed_in(request)
        need = self.get_object()
        data = dict(_valid(s.NeedInput, request, partial=True))
        version = data.pop("version", None)
        costs = data.pop("costs", None)
        if costs is not None:
            costs = [need_actions.CostLine(**line) for line in costs]
        need = need_actions.do_update_need(need, costs=costs, acting_user=user,
                                           expected_version=version, **data)
        return Response(s.NeedSerializer(self.get_queryset().get(pk=need.pk)).data)

    @extend_schema(summary="Move a need along its workflow (submit, withdraw, start_analysis…)",
                   request=s.TransitionInput,
                   responses={200: s.NeedSerializer, **INVALID, **REFUSED, **NOT_FOUND})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        user = signed_in(request)
        need = self.get_object()
        data = _valid(s.TransitionInput, request)
        need = need_actions.do_change_need_status(need, data["transition"], acting_user=user,
                                                  comment=data.get("comment", ""))
        return Response(s.NeedSerializer(self.get_queryset().get(pk=need.pk)).data)


# -- opportunities ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Pooling opportunities the requester may read",
                       responses={200: s.OpportunitySerializer(many=True), **REFUSED}),
    retrieve=extend_schema(summary="One pooling opportunity",
                           responses={200: s.OpportunitySerializer, **REFUSED, **NOT_FOUND}),
)
class OpportunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.OpportunitySerializer
    filterset_class = OpportunityFilterSet
    permission_classes = [IsAuthenticated]

    def may_read(self, user) -> bool:
        return opportunity_permissions.can_view_all(user)

    def get_queryset(self):
        user = self.request.user if self.request else AnonymousUser()
        return Opportunity.objects.visible_to(user).prefetch_related("members")

    @extend_schema(summary="Group needs into a new pooling opportunity",
                   request=s.OpportunityInput,
                   responses={201: s.OpportunitySerializer, **INVALID, **REFUSED})
    def create(self, request):
        user = signed_in(request)
        data = _valid(s.OpportunityInput, request)
        wanted = set(data["needs"])
        needs = list(need_permissions.visible_needs(user).filter(pk__in=wanted))
        if len(needs) != len(wanted):
            raise ValidationError({"needs": [_("Unknown need, or one you cannot read: %(ids)s.")
                                             % {"ids": ", ".join(map(str, sorted(
                                                 wanted - {need.pk for need in needs})))}]})
        opportunity = opportunity_actions.do_create_opportunity(
            title=data["title"], notes=data.get("notes", ""), needs=needs, acting_user=user)
        return Response(s.OpportunitySerializer(opportunity).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change an opportunity's title, notes or status",
                   request=s.OpportunityChange,
                   responses={200: s.OpportunitySerializer, **INVALID, **REFUSED, **NOT_FOUND,
                              409: OpenApiResponse(description="Changed since `version`")})
    def partial_update(self, request, pk=None):
        user = signed_in(request)
        opportunity = self.get_object()
        data = dict(_valid(s.OpportunityChange, request))
        version = data.pop("version", None)
        opportunity = opportunity_actions.do_update_opportunity(
            opportunity, acting_user=user, expected_version=version, **data)
        return Response(s.OpportunitySerializer(self.get_queryset().get(pk=opportunity.pk)).data)


# -- decisions -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The steering committee's decisions (public)"),
    retrieve=extend_schema(summary="One decision",
                           responses={200: s.DecisionSerializer, **NOT_FOUND}),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilterSet

    def get_queryset(self):
        return published_decisions()


# -- catalogue -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The catalogue of regional solutions (public)"),
    retrieve=extend_schema(summary="One regional solution",
                           responses={200: s.SolutionSerializer, **NOT_FOUND}),
)
class SolutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.SolutionSerializer
    filterset_class = SolutionFilterSet

    def get_queryset(self):
        return Solution.objects.prefetch_related("capabilities")

    @extend_schema(summary="Ask for one's institution to join the solution",
                   request=s.JoinInput,
                   responses={201: s.JoinRequestSerializer, **INVALID, **REFUSED, **NOT_FOUND})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def join(self, request, pk=None):
        user = signed_in(request)
        solution = self.get_object()
        data = _valid(s.JoinInput, request)
        join_request = catalogue_actions.do_request_joining(
            solution, data["institution"], message=data.get("message", ""), acting_user=user)
        return Response(s.JoinRequestSerializer(join_request).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Which institution uses which solution, at which stage (public)"),
    retrieve=extend_schema(summary="One adoption",
                           responses={200: s.AdoptionSerializer, **NOT_FOUND}),
)
class AdoptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.AdoptionSerializer
    filterset_class = AdoptionFilterSet

    def get_queryset(self):
        return Adoption.objects.select_related("institution")

    @extend_schema(summary="Record an institution's step of adoption (the catalogue's managers)",
                   request=s.AdoptionInput,
                   responses={201: s.AdoptionSerializer, **INVALID, **REFUSED})
    def create(self, request):
        user = signed_in(request)
        data = _valid(s.AdoptionInput, request)
        adoption = catalogue_actions.do_change_adoption(
            data["solution"], data["institution"], stage=data["stage"], on=data["on"],
            reason=data.get("reason", ""), acting_user=user)
        return Response(s.AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)


# -- delivery --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Projects and their progress (public)"),
    retrieve=extend_schema(summary="One project's progress",
                           responses={200: s.ProjectSerializer, **NOT_FOUND}),
)
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        return published_projects()

    @extend_schema(summary="Update a project's progress, status or RAG (the PMO)",
                   request=s.ProgressInput,
                   responses={200: s.ProjectSerializer, **INVALID, **REFUSED, **NOT_FOUND})
    def partial_update(self, request, pk=None):
        user = signed_in(request)
        project = self.get_object()
        data = dict(_valid(s.ProgressInput, request))
        comment = data.pop("comment", "")
        project = delivery_actions.do_update_project(project, acting_user=user, comment=comment,
                                                     **data)
        return Response(s.ProjectSerializer(self.get_queryset().get(pk=project.pk)).data)


# -- landscape -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The applications institutions run",
                       responses={200: s.ApplicationSerializer(many=True), **REFUSED}),
    retrieve=extend_schema(summary="One application",
                           responses={200: s.ApplicationSerializer, **REFUSED, **NOT_FOUND}),
    create=extend_schema(summary="Record an application of one's institution",
                         responses={201: s.ApplicationSerializer, **INVALID, **REFUSED}),
    partial_update=extend_schema(
        summary="Change an application",
        responses={200: s.ApplicationSerializer, **INVALID, **REFUSED, **NOT_FOUND}),
    destroy=extend_schema(summary="Remove an application",
                          responses={204: None, **REFUSED, **NOT_FOUND}),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilterSet
    permission_classes = [IsAuthenticated]

    def may_read(self, user) -> bool:
        return landscape_permissions.can_view_landscape(user)

    def get_queryset(self):
        return Application.objects.select_related("institution").prefetch_related(
            "capabilities")

    def create(self, request):
        user = signed_in(request)
        data = dict(_valid(s.ApplicationSerializer, request))
        application = landscape_actions.do_record_application(acting_user=user, **data)
        return Response(s.ApplicationSerializer(application).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        user = signed_in(request)
        application = self.get_object()
        data = dict(_valid(s.ApplicationSerializer, request, partial=True))
        application = landscape_actions.do_change_application(application, acting_user=user,
                                                               **data)
        return Response(s.ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)

    def destroy(self, request, pk=None):
        user = signed_in(request)
        landscape_actions.do_remove_application(self.get_object(), acting_user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- algorithms and datasets (read only for now) ---------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The algorithm register (anonymous: the published entries)"),
    retrieve=extend_schema(summary="One algorithm register entry",
                           responses={200: s.AlgorithmSerializer, **NOT_FOUND}),
)
class AlgorithmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.AlgorithmSerializer
    filterset_class = AlgorithmApiFilterSet

    def get_queryset(self):
        return visible_algorithms(self.request.user if self.request else AnonymousUser())


@extend_schema_view(
    list=extend_schema(summary="The region's data catalogue (public)"),
    retrieve=extend_schema(summary="One dataset",
                           responses={200: s.DatasetSerializer, **NOT_FOUND}),
)
class DatasetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.DatasetSerializer
    filterset_class = DatasetFilterSet

    def get_queryset(self):
        return Dataset.objects.select_related("publisher")
