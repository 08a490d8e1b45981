"""The migrants' portal: accounts and one-time codes, messages with the caseworker,
appointments, and the rights-and-information articles in five languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core import ids
from integra.core.models import Organisation, User

# --- Accounts -------------------------------------------------------------------------


class Account(models.Model):
    """A migrant's own sign-in, tied to their registry record. Created by a
    caseworker's invitation; active once the migrant has used it."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="portal_account")
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="portal_account"
    )
    invited_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"))
    activated_at = models.DateTimeField(_("first signed in"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    # An adult member may let the other adults of their household see their plan and courses.
    share_with_household = models.BooleanField(_("share with my household"), default=False)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    def __str__(self) -> str:
        return f"portal account {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class CodePurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    SIGN_IN = "sign_in", _("Sign-in")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class OneTimeCode(models.Model):
    """A code that opens the portal once. Only digests are stored: the link's
    random token and the short code that can be read out or sent by SMS."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    channel = models.CharField(_("sent by"), max_length=8, choices=Channel.choices)
    link_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["account", "purpose", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="code_expires_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} code {self.pk}"


# --- Messages and appointments --------------------------------------------------------------


class Message(models.Model):
    """A message between a migrant and the organisation that holds their case."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_messages"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    from_person = models.BooleanField(_("written by the person"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["person", "sent_at"]),
            models.Index(fields=["organisation", "from_person", "read_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="message_has_a_body"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


def new_appointment_id() -> str:
    return ids.public_id("T")  # a meeting at a Time ("A-" are assessments)


class Appointment(models.Model):
    """A meeting an organisation set with the person: at the centre, with a
    partner, with an interpreter. The person sees it in the portal."""

    public_id = models.CharField(
        _("public id"), max_length=11, unique=True, default=new_appointment_id, editable=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_appointments"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    place = models.CharField(_("place"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=200)
    language = models.CharField(_("language"), max_length=8, blank=True)
    interpreter = models.BooleanField(_("interpreter present"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=5), name="appointment_minutes"),
        ]

    def __str__(self) -> str:
        return self.public_id


# --- Rights and information -----------------------------------------------------------------


class Topic(models.TextChoices):
    WORK_RIGHTS = "work_rights", _("Rights at work")
    RESIDENCE = "residence", _("Residence and documents")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    NATURALISATION = "naturalisation", _("Naturalisation")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    COMPLAINTS = "complaints", _("How to complain")
    RECRUITMENT_FEES = "recruitment_fees", _("Recruitment fees")
    REMITTANCES = "remittances", _("Sending money home")
    SOCIAL_SECURITY = "social_security", _("Social security across borders")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """A rights-and-information article for one country; its text lives in one
    translation per language, the source language first."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    country = models.CharField(_("country"), max_length=2)
    source_language = models.CharField(_("written in"), max_length=8, default="en")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["country", "topic"])]

    def __str__(self) -> str:
        return self.slug


class ArticleTranslation(models.Model):
    """The article in one language, with its own editorial state.

    ``revision`` counts the saved changes of the text; a translation records the
    revision of the source text it was made from (``source_revision``), so it is
    out of date as soon as the source is published at a later revision.
    The published text stays readable while a new draft is prepared.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1)
    source_revision = models.PositiveIntegerField(null=True, blank=True)
    edited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(_("edited"))
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last published text, shown to readers while a new revision is in draft or review.
    published_title = models.CharField(max_length=200, blank=True)
    published_summary = models.CharField(max_length=400, blank=True)
    published_body = models.TextField(blank=True)
    published_revision = models.PositiveIntegerField(null=True, blank=True)
    published_source_revision = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("article translation")
        verbose_name_plural = _("article translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="one_text_per_language"),
            models.CheckConstraint(condition=~Q(title=""), name="article_has_a_title"),
            models.CheckConstraint(condition=~Q(body=""), name="article_has_a_text"),
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.language}]"


class ArticleTerm(models.Model):
    """One searchable word of a published translation (see portal.textsearch):
    the search index, kept by the service that publishes."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="terms"
    )
    language = models.CharField(max_length=8)
    term = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["language", "term"])]
        constraints = [
            models.UniqueConstraint(fields=["translation", "term"], name="one_row_per_term"),
        ]

    def __str__(self) -> str:
        return self.term
