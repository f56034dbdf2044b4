# Plan check: one message per rule (`check-<code>`), or per variant (`check-<code>-<variant>`)
# when a rule has several sentences.

check-missing_code = An element ({ $entity }) "{ $title }" has no code.
check-duplicate_code = Code { $code } is used twice ({ $first } and { $second }).
check-code_outside_parent = Code { $code } does not start with its parent's code { $parent }.
check-stated_count_mismatch-objectives = The text announces { $stated } { $stated ->
        [one] objective
       *[other] objectives
    }; the plan holds { $actual }.
check-stated_count_mismatch-actions = The text announces { $stated } { $stated ->
        [one] action
       *[other] actions
    }; the plan holds { $actual }.
check-unknown_unit-person = { $person } belongs to unit { $unit }, which does not exist.
check-unknown_unit-parent = Unit { $code } has parent { $parent }, which does not exist.
check-unknown_unit-action = Unit "{ $unit }" (action { $code }) does not exist.
check-invalid_share = Unit { $code } has an owned share of { $share }: expected a fraction between 0 and 1 (e.g. 0.5).
check-unknown_person-owner = Owner "{ $owner }" of indicator { $code } is neither a known person nor a known unit.
check-unknown_person-action = "{ $person }" (action { $code }) is not a known person.
check-invalid_sdg = "{ $sdg }" is not an SDG (1 to 17) nor an SDG target (13.2).
check-objective_without_target = Objective { $code } has no target.
check-objective_without_action = Objective { $code } has no action.
check-target_without_indicator = Target { $code } "{ $text }" is measured by no indicator.
check-unknown_indicator-target = Target { $code } refers to indicator { $indicator }, which does not exist.
check-unknown_indicator-action = Action { $code } refers to indicator { $indicator }, which does not exist.
check-target_unmeasurable = Target { $code } is expressed in "{ $unit }" but its indicator { $indicator } "{ $name }" is measured in "{ $indicator_unit }": it cannot measure it.
check-target_not_quantified-value = Target { $code } "{ $text }" has no quantified value to reach.
check-target_not_quantified-relative = Target { $code } is a relative change (in % or per year) with no reference year or value.
check-target_year_outside_period = Deadline { $year } of target { $code } is outside the period { $start }-{ $end }.
check-baseline_not_before_target = The baseline ({ $baseline }) of target { $code } is not before its deadline ({ $deadline }).
check-direction_contradicts_values-increase = Target { $code } must increase but its target value ({ $value }) is below its baseline ({ $baseline }).
check-direction_contradicts_values-decrease = Target { $code } must decrease but its target value ({ $value }) is above its baseline ({ $baseline }).
check-plan_table_disagrees = The text and the plan table give different figures for target { $code }: "{ $text }" / "{ $table }".
check-plan_table_worded_differently = Target { $code } is worded differently in the text ("{ $text }") and in the plan table ("{ $table }").
check-target_missing_from_plan_table = Target { $code } "{ $text }" is in the text but missing from the action-plan table.
check-target_missing_from_body = Target { $code } "{ $table }" is in the plan table but not in the text.
check-indicator_without_unit = Indicator { $code } "{ $name }" has no unit.
check-indicator_without_baseline = Indicator { $code } "{ $name }" has no baseline.
check-indicator_without_owner = Indicator { $code } "{ $name }" has no data owner.
check-indicator_unused = Indicator { $code } "{ $name }" measures no target and no action.
check-invalid_measurement-period = Indicator { $code }: invalid period: { $reason ->
        [not_consecutive] "{ $period }": an academic year spans two consecutive years (e.g. 2023-2024)
        [reversed] "{ $period }": the range ends before it starts
        [out_of_range] "{ $period }": year out of range (1900–2200)
       *[invalid] "{ $period }" is not a period (expected 2024, 2023-2024 or 2024-01-01..2024-06-30)
    }
check-invalid_measurement-value = Indicator { $code }, period { $period }: { $reason ->
        [empty] empty value where a number is expected
        [too_many_decimals] "{ $value }" has more than two decimals for an amount in euros
        [too_large] "{ $value }" is too large
       *[not_a_number] "{ $value }" is not a number (expected digits such as 12,5 or 12.5)
    }
check-duplicate_measurement = Indicator { $code }: two values for period { $period }.
check-action_without_pilot = Action { $code } "{ $title }" has no pilot.
check-action_without_dates = Action { $code } "{ $title }" has no start or end date.
check-action_dates_reversed = Action { $code } ends ({ $end }) before it starts ({ $start }).
check-action_outside_period = The dates of action { $code } fall outside the period { $start }-{ $end }.
check-action_status_contradicts_progress = Action { $code } is "{ $status }" with { $progress }% progress.
check-budget_overspent = Action { $code } spent more than its planned budget.
