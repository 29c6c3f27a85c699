//! A write until a check sees it, through the server's write path: the
//! node's tenant runs the cmdlet as the service's invoke does (shell,
//! RBAC check of the write, SQLite commit with fsync, change set, snapshot
//! swap), and the clock stops when a decision on the published snapshot
//! gives the new answer. And the scoped read through the shell.

use crate::{BenchError, ScopedRead};
use exrbac_core::*;
use exrbac_gen::{Request, RequestClass};
use exrbac_server::node::Node;
use std::fmt;
use std::time::{Duration, Instant};

/// How long a write may take to show before the run calls it broken.
const LIMIT: Duration = Duration::from_secs(30);

/// Writes timed until visible.
#[derive(Debug, Clone, Default)]
pub struct WriteTimes {
    /// The node's first write, which copies the loaded snapshot once to
    /// have a second copy to write on (every later write reuses the retired one).
    pub first: Duration,
    /// New-ManagementRoleAssignment giving a user a role.
    pub assignment: Vec<Duration>,
    /// Add-RoleGroupMember putting a user in a role group.
    pub membership: Vec<Duration>,
    /// Set-Mailbox making a mailbox match an exclusive scope.
    pub attribute: Vec<Duration>,
}

impl WriteTimes {
    /// The slowest measured write (the first, copying one, left out).
    pub fn worst(&self) -> Duration {
        self.assignment
            .iter()
            .chain(&self.membership)
            .chain(&self.attribute)
            .copied()
            .max()
            .unwrap_or_default()
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn series(v: &[Duration]) -> String {
    let mut s: Vec<Duration> = v.to_vec();
    s.sort_unstable();
    let median = s.get(s.len() / 2).copied().unwrap_or_default();
    let max = s.last().copied().unwrap_or_default();
    format!(
        "median {}, max {} ({} writes)",
        ms(median),
        ms(max),
        s.len()
    )
}

impl fmt::Display for WriteTimes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "write until visible to checks (shell + RBAC + SQLite commit with fsync + snapshot swap):"
        )?;
        writeln!(f, "  new assignment:        {}", series(&self.assignment))?;
        writeln!(f, "  role group membership: {}", series(&self.membership))?;
        writeln!(f, "  mailbox attribute:     {}", series(&self.attribute))?;
        writeln!(
            f,
            "  first write of the node (copies the snapshot once): {}",
            ms(self.first)
        )
    }
}

/// One measured write: the script, and the decision that must flip.
struct Probe {
    kind: usize,
    script: String,
    user: RecipientId,
    target: RecipientId,
    allowed_after: bool,
}

/// The writes to time, chosen on the generated organization.
pub(crate) struct WriteBench {
    org_name: String,
    warmup: String,
    probes: Vec<Probe>,
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn allows(org: &Organization, user: RecipientId, target: RecipientId) -> bool {
    let p = org.principal(user);
    org.check(&p, "Set-Mailbox", &["Identity"], Target::Recipient(target))
        .is_ok()
}

impl WriteBench {
    /// Picks users without admin rights, mailboxes no exclusive scope
    /// protects, and checks that each decision has the "before" answer.
    pub(crate) fn prepare(
        org: &Organization,
        requests: &[Request],
    ) -> Result<WriteBench, BenchError> {
        let missing = |what: &str| BenchError::Write(format!("the organization has no {what}"));
        let admin = org
            .recipient_by_name(well_known::ADMINISTRATOR)
            .ok_or_else(|| missing("Administrator"))?;
        org.scope_by_name("VIP Mailboxes")
            .ok_or_else(|| missing("VIP Mailboxes exclusive scope"))?;
        org.role_by_name("Mail Recipients")
            .ok_or_else(|| missing("Mail Recipients role"))?;
        let resolvable = |id: RecipientId| org.find_recipient(org.recipient_name(id)) == Some(id);
        let mut users: Vec<RecipientId> = Vec::new();
        let mut targets: Vec<RecipientId> = Vec::new();
        for r in requests {
            if r.class == RequestClass::Unprivileged
                && !users.contains(&r.principal)
                && resolvable(r.principal)
            {
                users.push(r.principal);
            }
        }
        for (id, r) in org.recipients() {
            if targets.len() >= 64 {
                break;
            }
            if r.kind == RecipientKind::UserMailbox
                && org
                    .exclusive_scopes_matching(Target::Recipient(id))
                    .is_empty()
                && allows(org, admin, id)
                && resolvable(id)
            {
                targets.push(id);
            }
        }
        let mut probes = Vec::new();
        let mut t = targets.iter().copied();
        let mut u = users.iter().copied();
        let warm = t.next().ok_or_else(|| missing("unprotected mailbox"))?;
        let warmup = format!(
            "Set-User -Identity {} -Office 'Bench Warm-up'",
            quoted(org.recipient_name(warm))
        );
        while let (Some(a), Some(b), Some(x), Some(y)) = (u.next(), u.next(), t.next(), t.next()) {
            if allows(org, a, x) || allows(org, b, x) {
                continue;
            }
            probes.push(Probe {
                kind: 0,
                script: format!(
                    "New-ManagementRoleAssignment -Role 'Mail Recipients' -User {}",
                    quoted(org.recipient_name(a))
                ),
                user: a,
                target: x,
                allowed_after: true,
            });
            probes.push(Probe {
                kind: 1,
                script: format!(
                    "Add-RoleGroupMember -Identity 'Recipient Management' -Member {}",
                    quoted(org.recipient_name(b))
                ),
                user: b,
                target: x,
                allowed_after: true,
            });
            probes.push(Probe {
                kind: 2,
                script: format!(
                    "Set-Mailbox -Identity {} -CustomAttribute1 'VIP'",
                    quoted(org.recipient_name(y))
                ),
                user: admin,
                target: y,
                allowed_after: false,
            });
        }
        if probes.is_empty() {
            return Err(missing(
                "pair of unprivileged users and unprotected mailboxes",
            ));
        }
        Ok(WriteBench {
            org_name: org.name.clone(),
            warmup,
            probes,
        })
    }

    /// Loads the store into a node and times `rounds` writes of each kind.
    pub(crate) fn run(&self, db: &str, rounds: usize) -> Result<WriteTimes, BenchError> {
        let node = Node::new(exrbac_store::Store::open(db, false)?);
        let tenant = node.tenant(&self.org_name)?;
        let invoke = |text: &str| -> Result<(), BenchError> {
            let script = exrbac_pwsh::parse(text)
                .map_err(|e| BenchError::Write(format!("`{text}`: {e:?}")))?;
            let done = tenant
                .invoke(&node.store, well_known::ADMINISTRATOR, &script)
                .map_err(|e| BenchError::Write(format!("`{text}`: {e:?}")))?;
            if let Some(e) = done.outcomes.iter().flat_map(|o| &o.errors).next() {
                return Err(BenchError::Write(format!("`{text}`: {e}")));
            }
            Ok(())
        };
        let mut times = WriteTimes::default();
        let t = Instant::now();
        invoke(&self.warmup)?;
        times.first = t.elapsed();
        let mut done = [0usize; 3];
        for p in &self.probes {
            let Some(count) = done.get_mut(p.kind) else {
                continue;
            };
            if *count >= rounds {
                continue;
            }
            *count += 1;
            let t = Instant::now();
            invoke(&p.script)?;
            loop {
                let seen = allows(&tenant.snapshot(), p.user, p.target) == p.allowed_after;
                if seen {
                    break;
                }
                if t.elapsed() > LIMIT {
                    return Err(BenchError::Write(format!(
                        "`{}` not visible after {LIMIT:?}",
                        p.script
                    )));
                }
                std::thread::sleep(Duration::from_micros(50));
            }
            let took = t.elapsed();
            match p.kind {
                0 => times.assignment.push(took),
                1 => times.membership.push(took),
                _ => times.attribute.push(took),
            }
        }
        Ok(times)
    }
}

/// `Get-Mailbox -ResultSize Unlimited` through the shell, as an admin whose
/// Set-Mailbox grants are all narrowed (a regional admin), `runs` times.
/// Who lists mailboxes in the scoped read: the first asker of a sampled
/// out-of-scope request who may run Get-Mailbox (an admin with a
/// narrowed write scope).
pub fn listing_admin(org: &Organization, requests: &[Request]) -> Option<RecipientId> {
    requests
        .iter()
        .filter(|r| r.class == RequestClass::OutOfScope)
        .map(|r| r.principal)
        .find(|u| {
            let p = org.principal(*u);
            org.access(&p, "Get-Mailbox", &[]).is_ok()
        })
}

pub(crate) fn scoped_read(
    org: &mut Organization,
    requests: &[Request],
    runs: usize,
) -> Option<ScopedRead> {
    let admin = listing_admin(org, requests)?;
    let mut times = Vec::new();
    let mut returned = 0;
    for _ in 0..runs {
        let mut session = exrbac_shell::Session::new(org, admin);
        let t = Instant::now();
        let out = session.run_text("Get-Mailbox -ResultSize Unlimited").ok()?;
        times.push(t.elapsed());
        let first = out.first()?;
        if !first.errors.is_empty() {
            return None;
        }
        returned = first.output.len();
    }
    times.sort_unstable();
    Some(ScopedRead {
        admin: org.recipient_name(admin).to_string(),
        returned,
        best: times.first().copied().unwrap_or_default(),
        median: times.get(times.len() / 2).copied().unwrap_or_default(),
    })
}
