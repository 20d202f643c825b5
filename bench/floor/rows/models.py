from django.db import models


class Row(models.Model):
    """One line of the floor's table: five columns of ordinary types."""

    name = models.CharField(max_length=100)
    email = models.EmailField()
    city = models.CharField(max_length=60)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
