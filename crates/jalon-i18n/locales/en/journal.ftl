# The journal: what happened, worded when it is read, in the reader's language.
# Each entry keeps a key and its arguments (jalon-app, `Message::new("journal-…")`).

## Accounts
journal-signed-in = { $user } signed in
journal-sessions-ended = { $count ->
    [one] one session of { $user } ended
   *[other] { $count } sessions of { $user } ended
}
journal-token-created = API token “{ $name }” of { $user } created
journal-token-revoked = API token no. { $id } of { $user } revoked
journal-account-created = account { $user } created (role: { $role })
journal-role-set = role of { $user }: { $role }
journal-account-activated = account { $user } activated
journal-account-deactivated = account { $user } deactivated
journal-password-changed = password of { $user } changed
journal-account-linked = account { $user } linked to { $person }
journal-account-unlinked = account { $user } linked to nobody

## Plan, actions, values
journal-plan-imported = plan imported from “{ $file }” ({ $format })
journal-plan-version = version “{ $label }” adopted on { $date } by { $body }
journal-action-updated = action sheet { $code } edited
journal-action-progress = { $code }: { $status }, { $progress }%
journal-action-status = { $code }: { $status }
journal-action-comment = { $code }: comment by { $author }
journal-value-added = { $code } { $period }: value { $value } entered
journal-value-changed = { $code } { $period }: value changed to { $value }
journal-value-state = { $code } { $period }: { $before } → { $after }
journal-value-deleted = { $code } { $period }: value deleted
journal-value-computed = { $code } { $period }: { $value }, computed from { $source }
journal-indicators-linked = { $count ->
    [one] one indicator linked to { $source }
   *[other] { $count } indicators linked to { $source }
}
journal-feed-carbon = the carbon inventories
journal-feed-sdg = the SDG inventories

## SDGs and inventories
journal-sdg-confirmed = SDG { $goal } confirmed
journal-sdg-rejected = SDG { $goal } rejected
journal-sdg-added = SDG { $sdg } added
journal-sdg-removed = SDG { $sdg } removed
journal-sdg-suggested = { $count } SDG suggestion(s) for { $elements } objective(s) and action(s)
journal-inventory-imported = { $kind }: { $count } record(s) imported from “{ $file }” ({ $rejected } skipped, { $duplicates } already there, { $suggested } with suggested SDGs)
journal-inventory-deleted = { $kind }: import “{ $file }” deleted with its { $count } record(s)
journal-courses-imported = { $count } course(s) of { $programmes } programme(s) imported from “{ $file }”
journal-course-focus = { $title }: { $before } → { $after }

## Carbon and fund
journal-inventory-created = { $year } inventory of the institution created (factors { $version })
journal-inventory-created-unit = { $year } inventory of { $unit } created (factors { $version })
journal-activity-added = { $year } inventory, post { $post }: { $label } ({ $quantity } { $unit })
journal-activity-removed = { $year } inventory, post { $post }: { $label } removed
journal-activities-imported = { $count } line(s) imported into the { $year } inventory from “{ $file }”
journal-factors-imported = { $count } emission factor(s) imported from “{ $file }” (version { $version })
journal-travel-settings = travel settings changed
journal-travel-lines = { $count } business-travel line(s) computed from the { $year } missions
journal-missions-imported = { $count } mission(s) imported from “{ $file }”: { $computed } computed, { $unresolved } waiting for a place, { $tonnes } tCO2e
journal-missions-deleted = mission import “{ $file }” deleted
journal-place-fixed = “{ $text }” ({ $country }) is { $place }
journal-place-fix-deleted = place fix deleted
journal-trips-recomputed = { $count } trip(s) computed after a place fix
journal-levy-price = { $year }: internal carbon price €{ $price }/tCO2e
journal-levy-share = { $year }: levy of { $percent }% of the ticket price
journal-levy-none = { $year }: no levy
journal-reinvestment = { $year }: reinvestment “{ $description }” (€{ $amount })
journal-reinvestment-deleted = reinvestment “{ $description }” deleted
journal-mapping-saved = column mapping “{ $name }” saved

## Frameworks and reports
journal-the-edition = THE edition “{ $name }” imported ({ $count } metrics)
journal-the-answer = THE answer { $metric } ({ $year })
journal-evidence-the = THE { $metric } ({ $year }): evidence “{ $title }” { $linked }
journal-ddrs-imported = { $count } DD&RS item(s) read from “{ $file }” ({ $created } new)
journal-ddrs-assessed = DD&RS item no. { $item } ({ $year }): level { $level }
journal-evidence-ddrs = DD&RS item no. { $item } ({ $year }): evidence “{ $title }” { $linked }
journal-evidence-linked = linked
journal-evidence-unlinked = unlinked
journal-evidence-created = evidence “{ $title }” added
journal-evidence-updated = evidence “{ $title }” edited
journal-evidence-deleted = evidence “{ $title }” deleted
journal-block-created = report block “{ $title }” added
journal-block-updated = report block “{ $title }” edited
journal-block-deleted = report block “{ $title }” deleted
journal-highlights = key figures of SDG { $goal }: { $codes }

## The journal page
journal-title = Journal of changes
nav-journal = Journal
journal-intro = Every change to the plan, the values, the carbon data, the inventories and the reports, with who made it and when, newest first.
journal-filter-kind = Element
journal-filter-user = Account (user name)
journal-empty = No change matches.
journal-col-when = Date
journal-col-who = By
journal-col-element = Element
journal-col-what = Change
journal-full-history = Every change, before → after, in the journal
journal-older = Older changes
journal-kind-strategy = Plan
journal-kind-axis = Workstream
journal-kind-objective = Objective
journal-kind-target = Target
journal-kind-indicator = Indicator
journal-kind-action = Action
journal-kind-project = Research project
journal-kind-publication = Publication
journal-kind-course = Course
journal-kind-sdg_tag = SDG suggestions
journal-kind-inventory_import = Inventory import
journal-kind-setting = Setting
journal-kind-inventory = Carbon inventory
journal-kind-levy_rule = Levy rule
journal-kind-ledger_entry = Carbon fund
journal-kind-mapping_profile = Column mapping
journal-kind-factor_set = Emission factors
journal-kind-place_fix = Place fix
journal-kind-trip_batch = Mission import
journal-kind-the_edition = THE edition
journal-kind-the_answer = THE answer
journal-kind-ddrs_item = DD&RS item
journal-kind-ddrs_assessment = DD&RS self-assessment
journal-kind-evidence = Evidence
journal-kind-report_block = Report block
journal-kind-report_highlight = Key figures
journal-kind-user = Account
journal-kind-api_token = API token
journal-col-account = Account
journal-col-id = No.
journal-col-operation = Operation
journal-col-changes = Before → after
journal-filter-from = From
journal-filter-to = To
journal-export = Download as CSV
journal-kind-plan_version = Plan version

## Campaign
journal-kind-campaign = Campaign
journal-kind-campaign_item = Campaign item
journal-campaign-opened = { $year } campaign opened: { $count ->
    [one] one item
   *[other] { $count } items
}, due { $date }
journal-campaign-closed = { $year } campaign closed
journal-campaign-reopened = { $year } campaign reopened
journal-campaign-returned = { $code } ({ $year }) returned: { $reason }
journal-campaign-validated = { $code } ({ $year }) validated
journal-campaign-action-submitted = { $code } ({ $year }): { $status }, submitted
journal-campaign-sheet = { $year } campaign: { $count } value(s) submitted from "{ $file }"
journal-mail-settings = mail preferences: { $frequency }, in { $language }
journal-domain-set = { $user }: référent of workstream { $axis }
journal-domain-cleared = { $user }: référent of no workstream
