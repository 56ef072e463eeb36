//! R-NOTE-1: an outbox message as an e-mail: subject, plain text and HTML, with a link to the deal.
//! Sending is the server's (SMTP or files); the words are the locale files'.

use super::outbox::Outgoing;
use crate::components::text::notice_text;
use crate::i18n::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// `base_url` is where users open the app (no trailing slash), for the links.
pub fn compose(o: &Outgoing, base_url: &str) -> Mail {
    let l = o.to_locale.as_deref().and_then(crate::domain::language::parse).unwrap_or(Locale::en);
    let sentence = notice_text(l, o.kind, &o.data, &o.deal_name);
    let deal_url = format!("{base_url}/deals/{}", o.deal_id);
    let settings_url = format!("{base_url}/notifications");
    let greeting = td_string!(l, notify.mail.greeting, name = o.to_name.clone()).to_string();
    let open = td_string!(l, notify.mail.open, url = deal_url.clone()).to_string();
    let footer = td_string!(l, notify.mail.footer, url = settings_url.clone()).to_string();
    let text = format!("{greeting}\n\n{sentence}\n\n{open}\n\n-- \n{footer}\n");
    let button = td_string!(l, notify.mail.button);
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:Segoe UI,Arial,sans-serif;color:#1b1b1b\">\
         <p>{}</p><p>{}</p><p><a href=\"{}\" style=\"background:#0f6cbd;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none\">{}</a></p>\
         <hr><p style=\"color:#616161;font-size:12px\">{}</p></body></html>",
        crate::domain::language::tag(l),
        escape(&greeting),
        escape(&sentence),
        escape(&deal_url),
        escape(button),
        escape(&footer),
    );
    Mail { to_email: o.to_email.clone(), to_name: o.to_name.clone(), subject: sentence, text, html }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notify::{NoticeData, NoticeKind};
    use crate::domain::reasons::DeclineReason;

    // R-NOTE-1: the e-mail names the deal, the reason and links to the deal; user text is escaped in HTML.
    #[test]
    fn an_email_says_what_happened_and_links_to_the_deal() {
        let o = Outgoing {
            id: "o1".into(),
            attempts: 1,
            to_email: "sam@microsoft.example".into(),
            to_name: "Sam".into(),
            to_locale: None,
            deal_id: "d1".into(),
            deal_name: "Contoso <cloud> & more".into(),
            kind: NoticeKind::Declined,
            data: NoticeData { reason: Some(DeclineReason::NoCapacity), ..Default::default() },
        };
        let mail = compose(&o, "https://cosell.example");
        assert_eq!(mail.subject, "The partner declined your referral “Contoso <cloud> & more”: No capacity right now.");
        assert!(mail.text.contains("https://cosell.example/deals/d1"), "{}", mail.text);
        assert!(mail.html.contains("Contoso &lt;cloud&gt; &amp; more"), "{}", mail.html);
        assert!(mail.html.contains("href=\"https://cosell.example/deals/d1\""));
        assert!(!mail.html.contains("<cloud>"));
    }

    // X-I18N: a user who chose Japanese gets the e-mail in Japanese.
    #[test]
    fn an_email_is_in_the_recipients_language() {
        let o = Outgoing {
            id: "o1".into(),
            attempts: 1,
            to_email: "hana@partner.example".into(),
            to_name: "Hana".into(),
            to_locale: Some("ja".into()),
            deal_id: "d1".into(),
            deal_name: "Contoso".into(),
            kind: NoticeKind::Declined,
            data: NoticeData { reason: Some(DeclineReason::NoCapacity), ..Default::default() },
        };
        let mail = compose(&o, "https://cosell.example");
        assert!(mail.html.starts_with("<!doctype html><html lang=\"ja\">"), "{}", mail.html);
        assert!(mail.subject.contains("「Contoso」"), "{}", mail.subject);
        assert!(mail.text.starts_with("Hana 様"), "{}", mail.text);
    }
}
