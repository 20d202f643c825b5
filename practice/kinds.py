"""The emails this app sends (templates in templates/emails/practice_*)."""

NUDGE = "practice_nudge"
STEP_COMMENT = "practice_step_comment"
INTRODUCTION = "practice_introduction"

# The nudge is a reminder: people who unsubscribed from optional emails do
# not get it. A facilitator's comment and an introduction are always sent.
OPTIONAL = {NUDGE: True, STEP_COMMENT: False, INTRODUCTION: False}
