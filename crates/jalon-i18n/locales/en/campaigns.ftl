# The yearly data-collection campaign: campaigns, progress, "My tasks".

nav-campaigns = Campaign
nav-todo = My tasks
campaigns-title = Data-collection campaigns
campaigns-intro = Once a year every owner supplies the values of their indicators and the status of the actions they pilot by a deadline; the sustainability team validates each item or returns it with a reason. Closing a campaign locks the values of its year.
campaigns-list = Campaigns
campaigns-none = No campaign has been opened yet.
campaigns-col-campaign = Campaign
campaigns-col-dates = Calendar
campaigns-col-phase = Where it stands
campaigns-col-supplied = Supplied
campaigns-open = Open a campaign
campaigns-open-help = Each indicator value of the year and each action under way becomes an item assigned to the owner or pilot the plan names.
campaigns-year = Year collected
campaigns-label = Name (optional)
campaigns-open-button = Open the campaign
campaign-default-name = { $year } campaign
campaign-dates = { $opens } to { $deadline }
campaign-phase-scheduled = opens on { $date }
campaign-phase-collecting = { $days ->
    [0] last day
    [one] one day left
   *[other] { $days } days left
}
campaign-phase-past_deadline = { $days ->
    [one] one day past the deadline
   *[other] { $days } days past the deadline
}
campaign-phase-closed = closed
campaign-supplied = { $done } of { $total } item(s) supplied
campaign-scope-indicator_values = Indicator values
campaign-scope-action_statuses = Action statuses
campaign-item-pending = To supply
campaign-item-returned = Returned
campaign-item-submitted = To validate
campaign-item-validated = Validated
campaign-overdue = Overdue
campaign-no-owner = No owner
campaign-no-value = no value yet
campaign-current-value = { $value } ({ $state })
campaign-col-total = Items
campaign-col-owner = Owner
campaign-col-axis = Workstream
campaign-col-item = Item
campaign-col-current = Now
campaign-col-state = State
campaign-to-validate = To validate
campaign-nothing-to-validate = Nothing waits for validation.
campaign-overdue-items = Overdue
campaign-nothing-overdue = Nothing is overdue.
campaign-by-owner = By owner
campaign-by-axis = By workstream
campaign-items = Every item
campaign-validate = Validate
campaign-return = Return with this reason
campaign-reason = Reason for returning (the owner will see it)
campaign-close = Close the campaign
campaign-close-help = Closing locks the year's values: changing them afterwards needs the campaign reopened.
campaign-reopen = Reopen the campaign
campaign-reopen-help = The campaign is closed: its values are locked. Reopening it lets them change; the journal records it.
todo-title = My tasks
todo-intro = What you owe in the open campaigns, returned items first.
todo-none = You owe nothing in an open campaign.
todo-returned-because = Returned:
todo-submit = Submit
todo-note = What happened this year
flash-campaign_opened = Campaign opened.
flash-campaign_closed = Campaign closed: the values of its year are locked.
flash-campaign_reopened = Campaign reopened.
flash-item_submitted = Submitted for validation.
flash-item_validated = Item validated.
flash-item_returned = Item returned with its reason.
field-opens_on = Opening
field-deadline = Deadline
field-scope = What the campaign collects
field-reason = reason
entity-campaign = campaign
entity-campaign_item = campaign item
error-campaign_closed = This year's campaign is closed: its values are locked. Reopen it to change them.
error-campaign_exists = There is already a campaign for this year.
error-not_submitted = Only a submitted item can be validated or returned.
cli-campaign-scope = "{ $value }" is not a campaign scope (known: { $known })
cli-campaign-tally = { $total ->
    [one] one item
   *[other] { $total } items
}: { $pending } to supply, { $returned } returned, { $submitted } to validate, { $validated } validated, { $overdue } overdue
cli-campaign-opened = campaign no. { $id } ({ $year }) opened: { $count ->
    [one] one item assigned
   *[other] { $count } items assigned
}
cli-campaign-overdue = overdue: { $code } ({ $owner })
cli-campaign-closed = { $year } campaign closed: the year's values are locked
cli-campaign-reopened = { $year } campaign reopened
sheet-name = Campaign { $year }
sheet-col-item = No.
sheet-col-code = Code
sheet-col-indicator = Indicator
sheet-col-unit = Unit
sheet-col-now = Now
sheet-col-reason = Reason returned
sheet-col-value = Value
sheet-col-source = Source
sheet-col-comment = Comment
sheet-missing-columns = The workbook lacks the expected columns: { $columns }. Start from the workbook downloaded from "My tasks".
sheet-not-yours = Item no. { $item } is not one of the values you owe in this campaign.
sheet-twice = Item no. { $item } appears twice.
sheet-bad-value = "{ $value }" is not a value that reads (for instance: 12.5; > 80; 10-12; yes).
sheet-too-long = Text too long: { $max } characters at most.
todo-sheet = Work offline
todo-sheet-help = Download the workbook of the values you owe, fill the "Value" column (and the source and a comment if needed), then upload it here: each value filled is submitted; rows left blank change nothing. If a row has a problem, nothing is saved.
todo-sheet-download = Download my values to supply (XLSX)
todo-sheet-upload = Upload the filled workbook
flash-sheet_submitted = Workbook read: the values filled are submitted for validation.
sheet-file = campaign-{ $id }-my-values.xlsx
