"""A minimal cron expression parser."""

from datetime import datetime, timedelta

from ..util import format_delay


class CronSchedule:
    """A schedule described by a five-field cron expression."""

    FIELDS = ("minute", "hour", "day", "month", "weekday")

    def __init__(self, expression: str):
        self.expression = expression
        self.fields = self.parse(expression)

    @staticmethod
    def parse(expression: str) -> dict:
        """Split ``expression`` into its named fields."""
        parts = expression.split()
        if len(parts) != len(CronSchedule.FIELDS):
            raise ValueError(f"expected 5 fields, got {len(parts)}")
        return dict(zip(CronSchedule.FIELDS, parts))

    def matches(self, when: datetime) -> bool:
        """Return True if ``when`` falls on this schedule."""
        values = (when.minute, when.hour, when.day, when.month, when.isoweekday() % 7)
        for name, value in zip(self.FIELDS, values):
            field = self.fields[name]
            if field != "*" and int(field) != value:
                return False
        return True

    def next_run(self, after: datetime) -> datetime:
        candidate = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        while not self.matches(candidate):
            candidate += timedelta(minutes=1)
        return candidate

    def describe(self, now: datetime) -> str:
        wait = (self.next_run(now) - now).total_seconds()
        return f"{self.expression} (next in {format_delay(wait)})"

    def __repr__(self):
        return f"CronSchedule({self.expression!r})"
