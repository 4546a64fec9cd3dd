"""The editor's form of an event page: errors about notes and cancelled dates go to their rows."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from cms.events.validation import ChildRow, child_date_errors


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        # The rule field shows the rule generated from the friendly fields; when the editor
        # turns repetition off without touching it, that generated rule goes too.
        if not cleaned.get("repeat_frequency") and "rrule" not in self.changed_data:
            cleaned["rrule"] = ""
        return cleaned

    def _post_clean(self):
        # The model's clean() validates the schedule; the notes and cancelled dates on this
        # form are not on the instance yet, so they are checked below, against the form rows
        # (the same rows the model's clean() sees when the page is saved).
        self.instance._child_rows_checked_by_form = True
        try:
            super()._post_clean()
        finally:
            self.instance._child_rows_checked_by_form = False
        if self.errors:
            return
        kept_notes, note_forms = self._rows("notes")
        kept_exceptions, exception_forms = self._rows("exceptions")
        note_errors, exception_errors = child_date_errors(
            self.instance,
            notes=[ChildRow(n.date, n.start_time, n.end_time) for n in kept_notes]
            + [
                ChildRow(
                    f.cleaned_data.get("date"),
                    f.cleaned_data.get("start_time"),
                    f.cleaned_data.get("end_time"),
                )
                for f in note_forms
            ],
            exceptions=[ChildRow(x.date) for x in kept_exceptions]
            + [ChildRow(f.cleaned_data.get("date")) for f in exception_forms],
        )
        for errors, kept, forms in (
            (note_errors, kept_notes, note_forms),
            (exception_errors, kept_exceptions, exception_forms),
        ):
            for index, message in errors.items():
                if index < len(kept):
                    self.add_error(None, message)
                else:
                    forms[index - len(kept)].add_error("date", message)
        if note_errors or exception_errors:
            self.add_error(
                None, "Popraw notatki lub odwołane terminy oznaczone poniżej (pola „termin”)."
            )

    def _rows(self, name: str) -> tuple[list, list]:
        """Rows the page will have: saved ones the formset does not manage, and the formset's
        valid, not deleted forms."""
        formset = self.formsets.get(name)
        if formset is None:
            return [], []
        managed = {form.instance.pk for form in formset.initial_forms if form.instance.pk}
        kept = [
            row
            for row in getattr(self.instance, name).all()
            if row.pk is not None and row.pk not in managed
        ]
        forms = []
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data:
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            forms.append(form)
        return kept, forms
