//! OPATH: every filter kind parses or errors, and a parsed recipient filter
//! evaluates against every recipient of a small organization without panic.
#![no_main]
use exrbac_core::Organization;
use exrbac_core::engine::RecipientSubject;
use exrbac_opath::{Filter, FilterKind};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn org() -> &'static Organization {
    static ORG: OnceLock<Organization> = OnceLock::new();
    ORG.get_or_init(|| {
        let mut o = exrbac_shell::new_organization("contoso.com").unwrap_or_else(|e| panic!("{e}"));
        let admin = o
            .find_recipient("Administrator")
            .unwrap_or_else(|| panic!("no admin"));
        let mut s = exrbac_shell::Session::new(&mut o, admin);
        let _ = s.run_text(
            "New-Mailbox -Name Sales1 -UserPrincipalName s1@contoso.com\n\
             Set-User Sales1 -Department Sales -City Seattle -Office 'B 1'\n\
             New-DistributionGroup -Name DL1 -Members Sales1\n\
             New-MailContact -Name Ext1 -ExternalEmailAddress ext1@fabrikam.com\n",
        );
        o
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [
        FilterKind::Recipient,
        FilterKind::Server,
        FilterKind::Database,
        FilterKind::Cmdlet,
        FilterKind::RoleGroup,
    ] {
        if let Ok(f) = Filter::parse(text, kind) {
            if matches!(kind, FilterKind::Recipient) {
                let o = org();
                for (id, r) in o.recipients() {
                    let _ = f.evaluate(&RecipientSubject::new(o, r, Some(id)));
                }
            }
        }
    }
});
