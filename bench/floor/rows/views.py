from django.shortcuts import render

from rows.models import Row


def row_list(request):
    """20 rows of 1,000 with one query (a page of a list)."""
    rows = Row.objects.all()[100:120]
    return render(request, "rows/list.html", {"rows": rows})
