//! `exrbac check` / `exrbac explain`: one decision, for people or `--json`,
//! from the store or from a running `exrbac serve`.

use anyhow::{Context, Result, bail};
use exrbac_core::Target;
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The cmdlet, e.g. Set-User.
    cmdlet: String,
    /// Parameters used, comma-separated (Identity,Office).
    #[arg(long, short, value_delimiter = ',')]
    parameters: Vec<String>,
    /// The object acted on: a recipient identity, server:NAME, database:NAME or organization.
    #[arg(long, short)]
    target: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    json: bool,
    /// Ask a running `exrbac serve` (e.g. http://127.0.0.1:8080) instead of the store.
    #[arg(long)]
    server: Option<String>,
    /// The API token for --server (also EXRBAC_TOKEN). The token's principal
    /// is the caller; --as, when given, asks about another principal.
    #[arg(long, env = "EXRBAC_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

pub fn run(
    db: &Path,
    principal: &str,
    principal_given: bool,
    args: &Args,
    explain: bool,
) -> Result<ExitCode> {
    let v = match &args.server {
        Some(url) => remote(url, principal_given.then_some(principal), args, explain)?,
        None => local(db, principal, args)?,
    };
    print(&v, args.json, explain)
}

fn local(db: &Path, principal: &str, args: &Args) -> Result<Value> {
    let opened = crate::store::open_or_init(db)?;
    let org = &opened.org;
    let user = org
        .find_recipient(principal)
        .with_context(|| format!("no principal named `{principal}` in {}", org.name))?;
    let target = match &args.target {
        None => Target::None,
        Some(t) => org.target_named(t).map_err(anyhow::Error::msg)?,
    };
    let params: Vec<&str> = args.parameters.iter().map(String::as_str).collect();
    let d = org.decide(user, &args.cmdlet, &params, target);
    let mut v = serde_json::to_value(&d)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("revision".into(), org.revision.into());
    }
    Ok(v)
}

fn remote(url: &str, principal: Option<&str>, args: &Args, explain: bool) -> Result<Value> {
    let Some(token) = &args.token else {
        bail!("--server needs a token: --token or EXRBAC_TOKEN (see `exrbac token create`)");
    };
    let mut body = serde_json::json!({
        "cmdlet": args.cmdlet,
        "parameters": args.parameters,
        "explain": true,
    });
    if let Some(t) = &args.target {
        body["target"] = t.clone().into();
    }
    if let Some(p) = principal {
        body["principal"] = p.into();
    }
    let path = if explain { "/v1/explain" } else { "/v1/check" };
    let endpoint = format!("{}{path}", url.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .build()
        .into();
    let mut resp = agent
        .post(&endpoint)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .with_context(|| format!("can't reach {endpoint}"))?;
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .read_to_string()
        .with_context(|| format!("can't read the answer of {endpoint}"))?;
    let v: Value = serde_json::from_str(&text)
        .with_context(|| format!("{endpoint} answered {status} with something that isn't JSON"))?;
    if status != 200 {
        let msg = v["error"]["message"].as_str().unwrap_or(&text).to_string();
        bail!("{endpoint} answered {status}: {msg}");
    }
    Ok(v)
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn print(v: &Value, json: bool, explain: bool) -> Result<ExitCode> {
    let allowed = v["allowed"].as_bool().unwrap_or(false);
    if json {
        let mut v = v.clone();
        if !explain && let Some(o) = v.as_object_mut() {
            o.remove("explanation");
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("{}", if allowed { "allowed" } else { "denied" });
        if let Some(e) = v["error"].as_str() {
            println!("  {e}");
        }
        if explain {
            let e = &v["explanation"];
            for c in e["chains"].as_array().into_iter().flatten() {
                let mut path = vec![text(&c["principal"]).to_string()];
                path.extend(
                    c["groups"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|g| text(g).to_string()),
                );
                println!(
                    "  {} → {} ({}) → assignment {} → role {} → entry {} → scope {}",
                    path.join(" → "),
                    text(&c["assignee"]),
                    text(&c["assignee_type"]),
                    text(&c["assignment"]),
                    text(&c["role"]),
                    text(&c["entry"]),
                    text(&c["scope"])
                );
            }
            if let Some(step) = e["failed_step"].as_str() {
                println!("  failed at: {step}");
            }
            for m in e["near_misses"].as_array().into_iter().flatten() {
                let a = match text(&m["assignment"]) {
                    "" => String::new(),
                    a => format!("{a} "),
                };
                println!(
                    "  near miss: {a}(role {}): {}",
                    text(&m["role"]),
                    text(&m["reason"])
                );
            }
        }
    }
    Ok(if allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
