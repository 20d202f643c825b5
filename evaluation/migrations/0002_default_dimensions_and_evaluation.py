"""The product's defaults: five empowerment dimensions and an end-of-cohort
evaluation. Both are ordinary rows that staff may edit afterwards."""

from django.db import migrations

DIMENSIONS = [
    (
        "Confident",
        "Skills, knowledge and confidence grow, ours and other people's.",
        [
            "I help other people build their skills, knowledge and confidence.",
            "I know which skills I bring.",
            "I can tell when I have something to offer, and when I do not.",
        ],
    ),
    (
        "Inclusive",
        "Difference is valued and everyone has a fair chance to take part.",
        [
            "I notice and value the differences between people.",
            "I work for equal chances to take part.",
            "I help individuals and groups get on well with each other.",
        ],
    ),
    (
        "Organised",
        "People come together, learn together and work as a group.",
        [
            "I encourage people to learn from each other.",
            "I bring people together, in person or online.",
            "I value working as a group and what groups have learned.",
            "I communicate clearly with the people I work with.",
        ],
    ),
    (
        "Cooperative",
        "Partners work together for lasting change, building on each other.",
        [
            "I make the case for change that is shared and lasts.",
            "I look for creative approaches that complement other people's.",
            "I am clear about what I bring to a partnership.",
            "I build on what other people and groups already have.",
        ],
    ),
    (
        "Influential",
        "What we do makes a difference and is aimed at wider outcomes.",
        [
            "I can see that my work makes a difference to people, "
            "organisations and communities.",
            "I keep wider outcomes in view and have a plan to reach them.",
        ],
    ),
]

QUESTIONS = [
    ("scale", "Overall, how useful was the programme for your work?", "", True, ""),
    (
        "scale",
        "How well did the sessions help you learn from other practitioners?",
        "",
        True,
        "",
    ),
    (
        "single",
        "How many sessions did you take part in?",
        "",
        True,
        "All of them\nMost of them\nAbout half\nFewer than half",
    ),
    (
        "multiple",
        "What has changed in your practice since you joined?",
        "Choose all that apply.",
        False,
        "I tried a new approach\nI made new contacts\nI shared learning with "
        "colleagues\nI changed how my team works\nNothing yet",
    ),
    (
        "yes_no",
        "Would you recommend the programme to a colleague?",
        "",
        True,
        "",
    ),
    (
        "short_text",
        "In a few words, what was the most valuable part?",
        "",
        False,
        "",
    ),
    (
        "long_text",
        "What should we change for the next cohort?",
        "Anything about content, format, timing or facilitation.",
        False,
        "",
    ),
]


def create_defaults(apps, schema_editor):
    Dimension = apps.get_model("evaluation", "Dimension")
    Statement = apps.get_model("evaluation", "Statement")
    Questionnaire = apps.get_model("evaluation", "Questionnaire")
    Question = apps.get_model("evaluation", "Question")
    for position, (name, summary, statements) in enumerate(DIMENSIONS):
        dimension, _ = Dimension.objects.get_or_create(
            name=name, defaults={"summary": summary, "position": position}
        )
        if not dimension.statements.exists():
            Statement.objects.bulk_create(
                Statement(dimension=dimension, text=text, position=i)
                for i, text in enumerate(statements)
            )
    if not Questionnaire.objects.filter(is_default=True).exists():
        questionnaire = Questionnaire.objects.create(
            title="End-of-cohort evaluation",
            introduction=(
                "Thank you for taking part. Your answers help us improve the "
                "programme and show funders what difference it makes."
            ),
            anonymous=True,
            is_default=True,
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                position=i,
                kind=kind,
                text=text,
                help_text=help_text,
                required=required,
                choices=choices,
            )
            for i, (kind, text, help_text, required, choices) in enumerate(QUESTIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
