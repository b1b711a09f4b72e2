"""Members of the network (territorial collectivities), the people who act for them, and the
network's own editable content (principles, expected results, charter)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf, Replace
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ctouvertes import uploads


class MemberKind(models.TextChoices):
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COMMUNE = "commune", _("Commune")


PROVINCIAL_KINDS = (MemberKind.PROVINCE, MemberKind.PREFECTURE)


# Arabic letters that users type interchangeably: hamza forms of alif, alif maqsura.
ARABIC_EQUIVALENTS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"))

# Tifinagh letters people type without their emphasis or labialisation: the emphatic letters
# (ṣ ṛ ṭ ḍ ẓ) as their plain letter; the labialisation mark (U+2D6F, "ⴳⵯ" → "ⴳ"), the
# consonant joiner (U+2D7F) and the zero-width joiner dropped.
TIFINAGH_EQUIVALENTS = (
    ("ⵚ", "ⵙ"),
    ("ⵕ", "ⵔ"),
    ("ⵟ", "ⵜ"),
    ("ⴹ", "ⴷ"),
    ("ⵥ", "ⵣ"),
    ("\u2d6f", ""),
    ("\u2d7f", ""),
    ("\u200d", ""),
)


def _folded(text, equivalents):
    for variant, plain in equivalents:
        text = text.replace(variant, plain)
    return text


def _folded_expression(field, equivalents):
    """The database's copy of ``_folded()``: nested REPLACE, the same on SQLite and
    PostgreSQL."""
    expression = models.F(field)
    for variant, plain in equivalents:
        expression = Replace(
            expression, models.Value(variant), models.Value(plain), output_field=models.CharField()
        )
    return expression


def normalize_arabic(text):
    return _folded(text, ARABIC_EQUIVALENTS)


def _normalized_arabic_expression(field):
    return _folded_expression(field, ARABIC_EQUIVALENTS)


def normalize_tifinagh(text):
    return _folded(text, TIFINAGH_EQUIVALENTS)


def _normalized_tifinagh_expression(field):
    return _folded_expression(field, TIFINAGH_EQUIVALENTS)


class MemberQuerySet(models.QuerySet):
    def in_network(self):
        """Collectivities that joined the network (others exist only as parents)."""
        return self.filter(joined_on__isnull=False, is_active=True)

    def regions(self):
        return self.filter(kind=MemberKind.REGION)

    def search(self, text):
        """Search names in every language and the slug (case-insensitive, all databases).

        In Arabic, hamza forms of alif and alif maqsura match their plain letter, so that
        "بني أنصار" finds "بني انصار". In Tifinagh, emphatic letters match their plain letter
        and labialisation marks are ignored (both sides folded), so that "ⴰⵏⵙⴰⵔ" finds
        "ⴱⵏⵉ ⴰⵏⵚⴰⵕ".
        """
        text = (text or "").strip()
        if not text:
            return self
        query = Q(slug__icontains=text) | Q(_name_ar_plain__contains=normalize_arabic(text))
        if tifinagh := normalize_tifinagh(text):  # empty when only marks were typed
            query |= Q(_name_zgh_plain__contains=tifinagh)
        for code in settings.MODELTRANSLATION_LANGUAGES:
            query |= Q(**{f"name_{code}__icontains": text})
        return self.alias(
            _name_ar_plain=_normalized_arabic_expression("name_ar"),
            _name_zgh_plain=_normalized_tifinagh_expression("name_zgh"),
        ).filter(query)

    def of_kind(self, kind):
        """Provinces and prefectures form one group: asking for either gives both."""
        if kind in PROVINCIAL_KINDS:
            return self.filter(kind__in=PROVINCIAL_KINDS)
        return self.filter(kind=kind)

    def ordered_by_name(self):
        """Regions first, then provinces and prefectures, then communes; by name in the active
        language, falling back to the Arabic name where the translation is empty."""
        language = get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        name_field = f"name_{language.split('-')[0]}"
        if name_field not in {f"name_{code}" for code in settings.MODELTRANSLATION_LANGUAGES}:
            name_field = "name_ar"
        return self.alias(
            _kind_rank=models.Case(
                models.When(kind=MemberKind.REGION, then=0),
                models.When(kind__in=PROVINCIAL_KINDS, then=1),
                default=2,
            ),
            _sort_name=Coalesce(
                NullIf(name_field, models.Value("")),
                "name_ar",
                output_field=models.CharField(),
            ),
        ).order_by("_kind_rank", "_sort_name", "pk")

    def for_directory(self, *, region=None, kind=None, text=None):
        """The public directory: members in the network, filtered, regions first.

        ``region`` includes the region itself and every member located in it.
        """
        members = self.in_network().select_related("region", "parent")
        if region:
            members = members.filter(Q(region=region) | Q(pk=region.pk))
        if kind:
            members = members.of_kind(kind)
        return members.search(text).ordered_by_name()


class Member(uploads.ReencodedUploadsMixin, models.Model):
    """A territorial collectivity: a region, a province or prefecture, or a commune.

    A logo just uploaded is stored downscaled and without metadata (``uploads.downscaled_logo``,
    in ``clean_fields()`` so that a logo Pillow cannot decode is a form error; in ``save()`` for
    code that does not validate); one already stored was processed when it was uploaded.

    ``region`` is stored for every province and commune so that the directory can filter by
    region even when a commune's province is not itself recorded; ``parent`` is the collectivity
    directly above (a commune's province, a province's region) when it is known.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent collectivity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A commune's province or prefecture; a province's region."),
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_members",
        limit_choices_to={"kind": MemberKind.REGION},
    )
    joined_on = models.DateField(
        _("joined the network on"),
        null=True,
        blank=True,
        help_text=_("Empty for a collectivity recorded only as the parent of a member."),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    is_active = models.BooleanField(_("shown on the portal"), default=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="members/logos/",
        blank=True,
        validators=uploads.logo_validators(),
        help_text=_(
            "PNG, JPEG or WebP. A large logo is stored downscaled, without its metadata "
            "(EXIF, GPS)."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    green_number = models.CharField(_("green number"), max_length=40, blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    responsible_body = models.CharField(
        _("body responsible for the programme"), max_length=300, blank=True
    )
    focal_point_name = models.CharField(_("focal point: name"), max_length=200, blank=True)
    focal_point_function = models.CharField(_("focal point: function"), max_length=300, blank=True)
    focal_point_email = models.EmailField(_("focal point: email"), blank=True)
    focal_point_phone = models.CharField(_("focal point: phone"), max_length=40, blank=True)
    publish_focal_point_email = models.BooleanField(
        _("publish the focal point's email"), default=False
    )
    publish_focal_point_phone = models.BooleanField(
        _("publish the focal point's phone"), default=False
    )
    cndp_declaration_number = models.CharField(
        _("CNDP declaration number"),
        max_length=100,
        blank=True,
        help_text=_(
            "Number of the declaration to the national commission for the protection of "
            "personal data (Law 09-08), shown where citizens' personal data is collected."
        ),
    )
    personal_data_contact = models.CharField(
        _("contact for personal data requests"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where citizens exercise their rights of access, rectification and opposition."
        ),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("Where this record comes from and what in the source was unclear."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    reencoded_uploads = {"logo": uploads.downscaled_logo}

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=MemberKind.REGION) | Q(parent__isnull=True, region__isnull=True),
                name="member_region_has_no_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:member_detail", kwargs={"slug": self.slug})

    @property
    def is_provincial(self):
        return self.kind in PROVINCIAL_KINDS

    @property
    def is_in_network(self):
        """Mirrors ``MemberQuerySet.in_network()``: has a public page."""
        return self.joined_on is not None and self.is_active

    @property
    def social_links(self):
        """``(label, url)`` of the social accounts the member filled in."""
        links = [
            (_("Facebook"), self.facebook_url),
            (_("X (Twitter)"), self.x_url),
            (_("Instagram"), self.instagram_url),
            (_("YouTube"), self.youtube_url),
            (_("LinkedIn"), self.linkedin_url),
        ]
        return [(label, url) for label, url in links if url]

    @property
    def public_focal_point_email(self):
        return self.focal_point_email if self.publish_focal_point_email else ""

    @property
    def public_focal_point_phone(self):
        return self.focal_point_phone if self.publish_focal_point_phone else ""

    def clean(self):
        errors = {}
        if self.kind == MemberKind.REGION:
            if self.parent_id:
                errors["parent"] = _("A region has no parent collectivity.")
            if self.region_id:
                errors["region"] = _("A region does not belong to another region.")
        elif self.kind:
            if not self.region_id:
                errors["region"] = _("Choose the region this collectivity belongs to.")
            elif self.region.kind != MemberKind.REGION:
                errors["region"] = _("The region must be a collectivity of kind region.")
            if self.parent_id:
                parent = self.parent
                if self.is_provincial and parent.kind != MemberKind.REGION:
                    errors["parent"] = _("The parent of a province or prefecture is a region.")
                elif self.kind == MemberKind.COMMUNE and parent.kind not in PROVINCIAL_KINDS:
                    errors["parent"] = _("The parent of a commune is a province or a prefecture.")
                elif self.region_id and "region" not in errors:
                    parent_region_id = (
                        parent.pk if parent.kind == MemberKind.REGION else (parent.region_id)
                    )
                    if parent_region_id != self.region_id:
                        errors["parent"] = _("The parent collectivity belongs to another region.")
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A collectivity cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class RoleKind(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    NETWORK_STAFF = "network_staff", _("Network staff")


class Role(models.Model):
    """What a user may do for a member (or, for network staff, for the whole network)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="portal_roles",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
    )
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=RoleKind.NETWORK_STAFF) & Q(member__isnull=True))
                | (~Q(kind=RoleKind.NETWORK_STAFF) & Q(member__isnull=False)),
                name="role_member_required_except_staff",
            ),
            models.UniqueConstraint(
                fields=["user", "member", "kind"], name="role_unique_per_user_member"
            ),
            # NULL members are distinct for the constraint above: one staff role per user.
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(member__isnull=True),
                name="role_unique_per_user_without_member",
            ),
        ]

    def __str__(self):
        if self.member_id:
            return f"{self.user} — {self.get_kind_display()} — {self.member}"
        return f"{self.user} — {self.get_kind_display()}"

    def clean(self):
        if self.kind == RoleKind.NETWORK_STAFF and self.member_id:
            raise ValidationError({"member": _("Network staff act for the whole network.")})
        if self.kind and self.kind != RoleKind.NETWORK_STAFF and not self.member_id:
            raise ValidationError({"member": _("Choose the member this role acts for.")})


class Principle(models.Model):
    """The four principles of open development (reference data, editable, translated)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("principle of open development")
        verbose_name_plural = _("principles of open development")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ExpectedResult(models.Model):
    """The three expected results of an open programme (reference data, translated)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class CharterSection(models.TextChoices):
    ABOUT = "about", _("About the network")
    OBJECTIVE = "objective", _("Objective of openness")
    VALUE = "value", _("Value")
    COMMITMENT = "commitment", _("Commitment")


class CharterItem(models.Model):
    """A paragraph of the network's charter or presentation, shown on the home page."""

    section = models.CharField(_("section"), max_length=20, choices=CharterSection.choices)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("charter item")
        verbose_name_plural = _("charter items")
        ordering = ["section", "position", "pk"]

    def __str__(self):
        return self.text[:80]
