from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from common.choices import choice_is
from common.content_version import bump_content_version
from common.enums import DatePrecision
from common.models import ThemedItem
from common.publishing import Publishable, PublishableQuerySet, RelatedPublishedQuerySet

from .enums import GroupStatus, MemberRole, OutputStatus, WorkPlanStatus

CHAIR_ROLES = (MemberRole.CHAIR, MemberRole.CO_CHAIR)


class ActionGroupQuerySet(PublishableQuerySet):
    def with_counts(self):
        # Only members a visitor can find in the directory: an unpublished partner is not listed.
        # A grouped count per group (one membership per group and partner), not a DISTINCT over
        # the rows joined to every membership: 51 against 186 ms at 100 000 partners.
        members = (
            Membership.objects.of_published_partners()
            .filter(group=OuterRef("pk"))
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            member_count=Coalesce(Subquery(members, output_field=models.IntegerField()), 0)
        )


class ActionGroup(Publishable):
    detail_url_name = "actiongroups:detail"

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    mandate = models.TextField(_("mandate"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GroupStatus.choices,
        default=GroupStatus.PLANNED,
        db_index=True,
    )
    established = models.DateField(_("date established"), null=True, blank=True)
    established_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    focal_point = models.CharField(
        _("focal point"),
        max_length=200,
        blank=True,
        help_text=_("Secretarial support for day-to-day administration: a role, not an e-mail."),
    )
    online_space_url = models.URLField(_("online space"), blank=True)
    reported_member_count = models.PositiveIntegerField(
        _("reported member count"),
        null=True,
        blank=True,
        help_text=_("Members the group reports, including organisations not in this directory."),
    )
    reported_member_count_is_minimum = models.BooleanField(
        _("reported as a minimum"),
        default=False,
        help_text=_("Tick when the group said “over” or “more than” this number."),
    )
    reported_member_count_date = models.DateField(_("reported on"), null=True, blank=True)
    themes = TaggableManager(
        verbose_name=_("themes"), through="actiongroups.ThemedActionGroup", blank=True
    )
    members = models.ManyToManyField(
        "partners.Partner",
        through="Membership",
        related_name="action_groups",
        verbose_name=_("members"),
    )
    objects = ActionGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("action group")
        verbose_name_plural = _("action groups")

    def __str__(self):
        return self.name

    @property
    def status_choice(self) -> GroupStatus:
        """The status as its enum member (its section heading on the groups page)."""
        return GroupStatus(self.status)


class ThemedActionGroup(ThemedItem):
    content_object = models.ForeignKey(ActionGroup, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("action group theme")
        verbose_name_plural = _("action group themes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_action_group_theme"
            ),
        ]


MAX_CO_CHAIRS = 2


def membership_problems(rows) -> dict[int, list[tuple[str, str]]]:
    """The membership rules of one group, in one place: a partner is in a group once; a group
    has one chair, or up to two co-chairs, never a chair and co-chairs at once.

    `rows` are a group's (partner id, role) pairs in order; each row is checked against the
    rows before it. Returns {row index: [(field, message), ...]} for the rows that break a rule.
    Used by Membership.clean (the stored rows, then the one being saved) and by the admin's
    membership formset (every row on the page); the database holds the first two rules
    (Membership.Meta.constraints).
    """
    problems = {}
    partners, roles = set(), []
    for index, (partner_id, role) in enumerate(rows):
        found = []
        if partner_id is not None and partner_id in partners:
            found.append(("partner", _("This partner is listed twice in this group.")))
        role_problem = _role_problem(role, roles)
        if role_problem:
            found.append(("role", role_problem))
        if found:
            problems[index] = found
        partners.add(partner_id)
        roles.append(role)
    return problems


def _role_problem(role, earlier_roles):
    if role == MemberRole.CHAIR and MemberRole.CHAIR in earlier_roles:
        return _("A group has one chair: another row is already the chair.")
    if role == MemberRole.CHAIR and MemberRole.CO_CHAIR in earlier_roles:
        return _("The group already has a chair or co-chairs.")
    if role == MemberRole.CO_CHAIR and MemberRole.CHAIR in earlier_roles:
        return _("A group has a chair or co-chairs, not both: a row is the chair.")
    if role == MemberRole.CO_CHAIR and earlier_roles.count(MemberRole.CO_CHAIR) >= MAX_CO_CHAIRS:
        return _("A group has at most two co-chairs.")
    return None


class MembershipQuerySet(RelatedPublishedQuerySet):
    def chairs(self):
        return self.filter(role__in=CHAIR_ROLES)

    def of_published_partners(self):
        return self.related_published("partner")

    def in_published_groups(self):
        return self.related_published("group")


class Membership(models.Model):
    """A partner's place in an action group: member, chair or co-chair."""

    group = models.ForeignKey(
        ActionGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("action group"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("partner"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    date_joined = models.DateField(_("date joined"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "partner__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "partner"], name="unique_group_member"),
            # A group has a chair, or up to two co-chairs; never a chair and co-chairs at once.
            models.UniqueConstraint(
                fields=["group"], condition=Q(role=MemberRole.CHAIR), name="one_chair_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.group} ({self.get_role_display()})"

    # Neither chair nor co-chair (pages name the role of those who are).
    is_plain_member = choice_is("role", MemberRole.MEMBER)

    def clean(self):
        if not self.group_id:
            return
        others = list(
            Membership.objects.filter(group_id=self.group_id)
            .exclude(pk=self.pk)
            .values_list("partner_id", "role")
        )
        problems = membership_problems([*others, (self.partner_id, self.role)])
        if len(others) in problems:
            raise ValidationError(dict(problems[len(others)]))


class WorkPlanQuerySet(models.QuerySet):
    def with_progress(self):
        return self.annotate(
            output_total=Count("objectives__outputs", distinct=True),
            output_done=Count(
                "objectives__outputs",
                filter=Q(objectives__outputs__status=OutputStatus.DONE),
                distinct=True,
            ),
        )


class WorkPlan(models.Model):
    group = models.ForeignKey(
        ActionGroup,
        on_delete=models.CASCADE,
        related_name="work_plans",
        verbose_name=_("action group"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=16, choices=WorkPlanStatus.choices, default=WorkPlanStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        ordering = ["group", "-start_year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="work_plan_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["group", "start_year", "end_year"], name="unique_work_plan_period"
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.period}"

    def get_absolute_url(self):
        return self.group.get_absolute_url() + f"?plan={self.key}#work-plan"

    is_draft = choice_is("status", WorkPlanStatus.DRAFT)
    is_current = choice_is("status", WorkPlanStatus.CURRENT)

    @property
    def period(self):
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def key(self):
        """The period as it appears in URLs (`?plan=2018-2019`); ASCII, unlike `period`."""
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first.")})


class Objective(models.Model):
    work_plan = models.ForeignKey(
        WorkPlan,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("work plan"),
    )
    title = models.TextField(_("objective"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["work_plan", "order", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return self.title[:80]


class OutputQuerySet(models.QuerySet):
    def set_status(self, status):
        """Bulk status change that dates only the rows whose status really changes.

        `update()` bypasses `Output.save()`, so this is the one bulk path that keeps
        `status_changed_at` honest (used by the admin actions). It sends no post_save either,
        so it tells the public page cache itself.
        """
        changed = self.exclude(status=status).update(
            status=status, status_changed_at=timezone.now()
        )
        if changed:
            bump_content_version()
        return changed


class Output(models.Model):
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("objective")
    )
    title = models.TextField(_("output"))
    status = models.CharField(
        _("status"), max_length=16, choices=OutputStatus.choices, default=OutputStatus.PLANNED
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "order", "pk"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self):
        return self.title[:80]

    def save(self, *args, **kwargs):
        # The date lives on the model, not in a service, because the admin inlines, the work
        # plan editor and the shell all save outputs one by one through here.
        if self._state.adding:
            # A new output's first status dates from now, unless an import gives its date.
            status_changed = self.status_changed_at is None
        else:
            if not hasattr(self, "_stored_status"):  # loaded with `status` deferred
                self._stored_status = (
                    Output.objects.filter(pk=self.pk).values_list("status", flat=True).first()
                )
            status_changed = self.status != self._stored_status
        if status_changed:
            self.status_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "status_changed_at"}
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored status so save() can tell a real change without another query.
        if "status" in instance.__dict__:
            instance._stored_status = instance.status
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        if "status" in self.__dict__:
            self._stored_status = self.status


class GroupEditor(models.Model):
    """A back-office account allowed to edit one action group (typically its chair's).

    Such an account sees and changes only its groups, their work plans, memberships and events
    (see common/roles.py). Only superusers link accounts to groups: it grants rights.
    """

    group = models.ForeignKey(
        ActionGroup,
        on_delete=models.CASCADE,
        related_name="editor_links",
        verbose_name=_("action group"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_group_links",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["group", "user__username"]
        verbose_name = _("group editor")
        verbose_name_plural = _("group editors")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="unique_group_editor"),
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"
