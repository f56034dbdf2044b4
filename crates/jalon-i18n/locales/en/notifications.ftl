# Notifications: the bell, the Notifications page, the mail digests.

nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] one unread
   *[other] { $count } unread
}
notifications-title = Notifications
notifications-intro = Jalon tells you when a campaign opens, when its deadline nears or has passed, and when an item is returned to you. The same notifications reach you by mail, gathered in one digest.
notifications-none = No notifications yet.
notifications-unread = { $count ->
    [0] Everything is read.
    [one] One unread notification.
   *[other] { $count } unread notifications.
}
notifications-new = new
notifications-mark-all = Mark all as read
notifications-open = Open
notifications-settings = Mail digest
notifications-language = Language of the mails
notifications-frequency = Frequency
notifications-save = Save
notifications-email = Digests are sent to { $email }.
notifications-no-email = No mail address is known for you: your notifications stay in Jalon. An administrator can add your address to your record.
notifications-no-smtp = This server sends no mail: notifications stay in Jalon.
language-fr = French
language-en = English
frequency-daily = at most once a day
frequency-weekly = at most once a week
frequency-never = never (notifications in Jalon only)

notice-campaign-opened = The { $year } campaign is open: your items are due by { $date }.
notice-deadline-near = The { $year } campaign's deadline is near ({ $date }): some items are still due.
notice-overdue = The { $year } campaign's deadline ({ $date }) has passed: some items are still due.
notice-item-returned = { $code } "{ $title }" was returned to you: { $reason }

digest-subject = Jalon: { $count ->
    [one] one notification
   *[other] { $count } notifications
}
digest-greeting = Hello { $name },
digest-more = … and { $count } more, to read in Jalon.
digest-footer = You receive this digest { $frequency }. Language and frequency: { $link }

mail-queue-title = Mail queue
mail-state-queued = queued
mail-state-sent = sent
mail-state-failed = failed
flash-notifications_read = Every notification is marked as read.
flash-mail_settings_saved = Mail preferences saved.
field-language = language
mail-queue-intro = Digests wait here until the mail server accepts them. A mail refused for now is tried again after 1, 5 and 15 minutes, then up to a day; refused for good, or still refused after a day, it stays here as failed with the server's answer.
mail-queue-none = No mail has been queued yet.
mail-queue-link = Mail queue
mail-col-created = Queued
mail-col-recipient = Recipient
mail-col-subject = Subject
mail-col-state = State
mail-col-tries = Tries
mail-col-error = Last error
