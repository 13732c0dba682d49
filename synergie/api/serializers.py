"""What the API reads and accepts. Reading serializers show what the pages show the reader;
writing ones only validate the shape of the input: the rules are the actions'."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from synergie.algorithms.models import Algorithm
from synergie.catalogue.models import Adoption, AdoptionStage, JoinRequest, Solution
from synergie.datasets.models import Dataset
from synergie.decisions.models import Decision
from synergie.decisions.permissions import public_needs, public_subject
from synergie.delivery.models import Project, ProjectStatus, Rag
from synergie.institutions.models import Institution
from synergie.landscape.models import Application
from synergie.needs.models import Need, NeedCost
from synergie.needs.workflow import TRANSITIONS_BY_NAME
from synergie.opportunities.models import Opportunity, OpportunityStatus
from synergie.reference.models import BusinessDomain, Capability, CpvCode

# -- needs -----------------------------------------------------------------------------------


class CostLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedCost
        fields = ["year", "one_off", "recurring"]


class CostLineInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    one_off = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, default=0)
    recurring = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0,
                                         default=0)


class NeedSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    costs = CostLineSerializer(many=True, read_only=True)

    class Meta:
        model = Need
        fields = ["id", "institution", "institution_name", "title", "description", "language",
                  "domain", "cpv_code", "desired_start", "deadline", "deadline_is_legal",
                  "data_dependencies", "confidentiality", "status", "submitted_at",
                  "created_at", "updated_at", "version", "total_one_off", "total_recurring",
                  "total_cost", "first_year", "last_year", "costs"]
        read_only_fields = fields


class NeedInput(serializers.Serializer):
    """A need's editable fields; on a change, `version` is the version read (409 if someone
    saved since)."""

    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Need._meta.get_field("language").choices,
                                       required=False)
    domain = serializers.PrimaryKeyRelatedField(queryset=BusinessDomain.objects.all(),
                                                required=False, allow_null=True)
    cpv_code = serializers.PrimaryKeyRelatedField(queryset=CpvCode.objects.all(),
                                                  required=False, allow_null=True)
    desired_start = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    deadline_is_legal = serializers.BooleanField(required=False)
    data_dependencies = serializers.CharField(required=False, allow_blank=True)
    confidentiality = serializers.ChoiceField(
        choices=Need._meta.get_field("confidentiality").choices, required=False)
    costs = CostLineInput(many=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1, write_only=True)


class TransitionInput(serializers.Serializer):
    transition = serializers.ChoiceField(choices=sorted(TRANSITIONS_BY_NAME))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


# -- opportunities ---------------------------------------------------------------------------


class OpportunitySerializer(serializers.ModelSerializer):
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = ["id", "title", "notes", "status", "lead_analyst", "needs", "created_at",
                  "updated_at", "version"]
        read_only_fields = fields

    def get_needs(self, opportunity) -> list[int]:
        return sorted(member.need_id for member in opportunity.members.all())


class OpportunityInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True)
    needs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), min_length=1,
        max_length=200)


class OpportunityChange(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=OpportunityStatus.choices, required=False)
    version = serializers.IntegerField(required=False, min_value=1)


# -- decisions -------------------------------------------------------------------------------


class PublicNeedSerializer(serializers.Serializer):
    institution = serializers.CharField()
    subject = serializers.CharField()
    named = serializers.BooleanField(source="is_named")


class DecisionSerializer(serializers.ModelSerializer):
    """A decision as its public page shows it: the subject as the public may read it."""

    date = serializers.DateField(read_only=True)
    subject = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "date", "outcome", "motivation", "conditions", "language", "subject",
                  "needs"]
        read_only_fields = fields

    def get_subject(self, decision) -> str:
        return public_subject(decision)

    @extend_schema_field(PublicNeedSerializer(many=True))
    def get_needs(self, decision):
        return PublicNeedSerializer(public_needs(decision), many=True).data


# -- catalogue -------------------------------------------------------------------------------


class SolutionSerializer(serializers.ModelSerializer):
    # Addresses, or "" when there is none (a "uri" format would refuse the empty string).
    code_url = serializers.CharField(read_only=True)
    landing_url = serializers.CharField(read_only=True)

    class Meta:
        model = Solution
        fields = ["id", "name_fr", "name_nl", "name_en", "summary_fr", "summary_nl",
                  "summary_en", "description_fr", "description_nl", "description_en", "domain",
                  "capabilities", "meets_business_need", "has_fitting_product",
                  "has_public_contract", "has_regional_gain", "label_status", "code_url",
                  "landing_url", "software_version", "release_date", "licence",
                  "development_status", "software_type", "platforms", "availability_target",
                  "support_hours", "price_model", "price_per_institution", "created_at",
                  "updated_at"]
        read_only_fields = fields


class JoinInput(serializers.Serializer):
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    message = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class JoinRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = JoinRequest
        fields = ["id", "solution", "institution", "message", "status", "requested_at"]
        read_only_fields = fields


class AdoptionSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "solution", "institution", "institution_name", "stage", "since"]
        read_only_fields = fields


class AdoptionInput(serializers.Serializer):
    solution = serializers.PrimaryKeyRelatedField(queryset=Solution.objects.all())
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    stage = serializers.ChoiceField(choices=AdoptionStage.choices)
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


# -- delivery --------------------------------------------------------------------------------


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    planned_date = serializers.DateField()
    actual_date = serializers.DateField(allow_null=True)


class ProjectSerializer(serializers.ModelSerializer):
    """A project as the public progress page shows it."""

    subject = serializers.SerializerMethodField()
    next_milestone = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "title", "decision", "subject", "status", "rag", "progress",
                  "next_milestone"]
        read_only_fields = fields

    def get_subject(self, project) -> str:
        return public_subject(project.decision)

    @extend_schema_field(MilestoneSerializer(allow_null=True))
    def get_next_milestone(self, project):
        milestone = project.next_milestone()
        return MilestoneSerializer(milestone).data if milestone else None


class ProgressInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    rag = serializers.ChoiceField(choices=Rag.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


# -- landscape -------------------------------------------------------------------------------


class ApplicationSerializer(serializers.ModelSerializer):
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    capabilities = serializers.PrimaryKeyRelatedField(queryset=Capability.objects.all(),
                                                      many=True, required=False)

    class Meta:
        model = Application
        fields = ["id", "institution", "name", "product", "vendor", "capabilities",
                  "contract_end", "yearly_cost", "users", "hosting", "notes", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        extra_kwargs = {"users": {"max_value": 2147483647},
                        "yearly_cost": {"min_value": 0}}


# -- algorithms and datasets -----------------------------------------------------------------


class AlgorithmSerializer(serializers.ModelSerializer):
    """A register entry: its columns, and the whole entry in the register standard's JSON."""

    entry = serializers.JSONField(read_only=True)

    class Meta:
        model = Algorithm
        fields = ["id", "institution", "name", "description_short", "organization", "theme",
                  "usage_status", "publication_category", "risk_category", "status",
                  "published_at", "last_reviewed_at", "version", "entry"]
        read_only_fields = fields


class DatasetSerializer(serializers.ModelSerializer):
    themes = serializers.ListField(child=serializers.CharField(), read_only=True)
    keywords = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Codes of their lists, or "" when not given (an enum would refuse the empty string).
    access_rights = serializers.CharField(read_only=True)
    update_frequency = serializers.CharField(read_only=True)
    hvd_category = serializers.CharField(read_only=True)

    class Meta:
        model = Dataset
        fields = ["id", "identifier", "title_fr", "title_nl", "title_en", "description_fr",
                  "description_nl", "description_en", "publisher", "publisher_name",
                  "publisher_uri", "themes", "keywords", "licence", "access_rights",
                  "contact_name", "contact_email", "contact_url", "update_frequency",
                  "hvd_category", "issued", "modified", "landing_page", "status",
                  "created_at", "updated_at"]
        read_only_fields = fields
