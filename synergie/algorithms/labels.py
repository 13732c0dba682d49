"""The reader-facing labels of the standard's fields (translated), and of the fields of the
register's earlier shape that have no v1.0.0 counterpart."""

from django.utils.translation import gettext_lazy as _

# v1.0.0 field: (label, the standard's explanation, long text?)
FIELDS = {
    "name": (_("Name"), _("The name used to refer to the algorithm."), False),
    "description_short": (_("Short description"),
                          _("What the algorithm does, in a few sentences."), True),
    "organization": (_("Organisation"), _("The organisation responsible for the algorithm."),
                     False),
    "theme": (_("Themes"), _("The policy areas the algorithm serves, separated by commas."),
              False),
    "status": (_("Stage of use"), _("In development, in use, or out of use."), False),
    "start_date": (_("In use since"), _("The month the algorithm was first used (YYYY-MM)."),
                   False),
    "end_date": (_("In use until"), _("The month the algorithm stopped being used (YYYY-MM)."),
                 False),
    "contact": (_("Contact"), _("Where to ask about the algorithm."), False),
    "link": (_("Link to more information"), "", False),
    "publication_category": (_("Publication category"), _("High-risk AI system (A), impactful "
                                                          "algorithm (B) or other (C)."), False),
    "source_link": (_("Link to the source register"), "", False),
    "purpose_and_impact": (_("Purpose and impact"),
                           _("Why the algorithm is used and what it does to people."), True),
    "considerations": (_("Considerations"),
                       _("The advantages, drawbacks and alternatives weighed."), True),
    "human_intervention": (_("Human intervention"),
                           _("How people check and overrule the outcome."), True),
    "risk_management": (_("Risk management"), _("The risks and how they are managed."), True),
    "legal_basis": (_("Legal basis"), _("The law that allows the use."), True),
    "legal_basis_link": (_("Link to the legal basis"), "", False),
    "legal_basis_title": (_("Title of the legal basis"), "", False),
    "processing_register_link": (_("Link to the register of processing activities"), "", False),
    "impact_assessments": (_("Impact assessments"),
                           _("Assessments carried out, such as a DPIA or a fundamental-rights "
                             "impact assessment."), True),
    "impact_assessment_link": (_("Link to the impact assessment"), "", False),
    "impact_assessment_explanation": (_("Explanation of the impact assessment"), "", True),
    "data": (_("Data"), _("The data the algorithm uses, and where it comes from."), True),
    "data_source_link": (_("Link to the data source"), "", False),
    "data_source_title": (_("Title of the data source"), "", False),
    "technical_operation": (_("Technical operation"), _("How the algorithm works."), True),
    "supplier": (_("Supplier"), _("Who built or supplies the algorithm."), False),
    "source_code_link": (_("Link to the source code"), "", False),
    "language": (_("Language of the entry"), "", False),
    "schema": (_("Version of the standard"), "", False),
    "source_id": (_("Identifier in the source register"), "", False),
    "search_terms": (_("Search terms"), _("Words under which people may look for it."), False),
}

# Fields of the register's earlier shape without a v1.0.0 counterpart.
OTHER_FIELDS = {
    "department": _("Department"),
    "type": _("Type of algorithm"),
    "inzet.decision_making_process": _("Decision-making process"),
    "inzet.documentation": _("Documentation"),
    "inzet.impact": _("Impact"),
    "juridisch.competent_authority": _("Competent authority"),
    "juridisch.dpia": _("Data protection impact assessment carried out"),
    "juridisch.objection_procedure": _("Objection procedure"),
    "metadata.area": _("Area"),
    "metadata.revision_date": _("Revision date"),
    "metadata.uuid": _("Identifier (UUID)"),
    "toepassing.application_url": _("Link to the application"),
    "toepassing.methods_and_models": _("Methods and models"),
    "toepassing.mprd": _("Decisions made by the algorithm without human intervention"),
    "toezicht.monitoring": _("Monitoring"),
    "toezicht.performance_standard": _("Performance standard"),
}


def label_of(field: str):
    if field in FIELDS:
        return FIELDS[field][0]
    return OTHER_FIELDS.get(field, field)
