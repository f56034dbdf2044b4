//! `GET /notifications` (what Jalon told the signed-in person, newest first, and their mail
//! settings), `POST /notifications/{id}/open` (marks one read and goes where it points),
//! `POST /notifications/read` (marks all read) and `POST /notifications/settings`; and for
//! administrators `GET /mail`, the mail queue.

use super::forms::MailSettingsForm;
use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, NoFields, Path, Query};
use crate::forms::FormErrors;
use crate::page::{Common, Page, PageResult, page, page_views, render, see_other, shown_again};
use askama::Template;
use jalon_app::notifications::MailRow;
use jalon_app::notifications::Notice;
use jalon_core::Lang;
use jalon_core::notification::DigestFrequency;
use jalon_core::notification::MailState;

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsView {
    page: Page,
    notices: Vec<Notice>,
    unread_text: String,
    email: Option<String>,
    mail_configured: bool,
    form: MailSettingsForm,
    languages: Vec<(&'static str, String)>,
    frequencies: Vec<(&'static str, String)>,
}

page_views!(NotificationsView);

async fn notifications_view(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    typed: Option<MailSettingsForm>,
) -> Result<NotificationsView, WebError> {
    let tr = user.tr();
    let inbox = state.app.inbox(user.actor(), user.lang).await?;
    let mut page = page(user, "/notifications", "notifications", done);
    page.title = "notifications-title";
    // The bell of this page counts what the list shows, read just now.
    page.unread = inbox.unread;
    Ok(NotificationsView {
        unread_text: tr.msg(
            &jalon_core::message::Message::new("notifications-unread")
                .with("count", usize::try_from(inbox.unread).unwrap_or(usize::MAX)),
        ),
        notices: inbox.notices,
        email: inbox.email,
        mail_configured: inbox.mail_configured,
        form: typed.unwrap_or_else(|| MailSettingsForm::of(&inbox.settings)),
        languages: [Lang::Fr, Lang::En]
            .iter()
            .map(|l| (l.as_str(), tr.t(&format!("language-{}", l.as_str()))))
            .collect(),
        frequencies: DigestFrequency::ALL
            .iter()
            .map(|f| (f.as_str(), tr.t(&format!("frequency-{f}"))))
            .collect(),
        page,
    })
}

/// `GET /notifications`.
pub async fn notifications(Cx { state, user }: Cx, Query(c): Query<Common>) -> PageResult {
    render(&notifications_view(&state, &user, c.done.as_deref(), None).await?)
}

/// `POST /notifications/{id}/open`: marks the notification read and goes where it points.
pub async fn open(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(_): Form<NoFields>,
) -> PageResult {
    let to = state.app.open_notification(user.actor(), id).await?;
    Ok(see_other(to.as_deref().unwrap_or("/notifications")))
}

/// `POST /notifications/read`: marks every notification read.
pub async fn read_all(Cx { state, user }: Cx, Form(_): Form<NoFields>) -> PageResult {
    state
        .app
        .mark_notifications_read(user.actor(), None)
        .await?;
    Ok(see_other("/notifications?done=notifications_read"))
}

/// `POST /notifications/settings`: the language and frequency of the mail digest.
pub async fn settings(Cx { state, user }: Cx, Form(form): Form<MailSettingsForm>) -> PageResult {
    let saved = match form.input() {
        Ok(input) => state
            .app
            .set_mail_settings(user.actor(), &input)
            .await
            .map_err(|e| FormErrors(vec![e])),
        Err(errors) => Err(errors),
    };
    match saved {
        Ok(_) => Ok(see_other("/notifications?done=mail_settings_saved")),
        Err(errors) => {
            let view = notifications_view(&state, &user, None, Some(form)).await?;
            shown_again(view, &errors)
        }
    }
}

#[derive(Template)]
#[template(path = "mail_queue.html")]
struct MailQueueView {
    page: Page,
    counts: Vec<(MailState, u64)>,
    mails: Vec<MailRow>,
}

/// `GET /mail`: the mail queue, how many wait, were sent or failed, and the latest mails
/// with their tries and last error (administrators).
pub async fn mail_queue(Cx { state, user }: Cx) -> PageResult {
    let (mails, counts) = state.app.mail_queue(user.actor()).await?;
    let mut page = page(&user, "/mail", "users", None);
    page.title = "mail-queue-title";
    render(&MailQueueView {
        page,
        counts,
        mails,
    })
}
