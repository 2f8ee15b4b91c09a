//! `cargo xtask bench` (this program, built in release): generation time per stage and its
//! growth, the generated client's cost per call against hand-written reqwest, and the peak
//! memory of generating a large document. Prints a table and writes it as CSV.

mod compile;
mod synthetic;

/// The allocator `cargo xtask` runs with, so that generation is measured as users get it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context, Result};
use cohesity_users::types::{CreateUserSessionRequestParams, UserSession};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// Synthetic document sizes, in operations.
const SIZES: &[usize] = &[10, 100, 1_000, 5_000];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        // Run in a child process so that its peak RSS is generation's alone.
        ["peak-memory", path] => {
            let bytes = std::fs::read(path)?;
            let settings = settings("synthetic");
            let before = peak_rss_kib()?;
            let doc = oapi_rust_codegen::stages::load(&bytes, &settings)?;
            let after_load = peak_rss_kib()?;
            let api = oapi_rust_codegen::stages::resolve(&doc, &settings)?;
            drop(doc);
            let after_resolve = peak_rss_kib()?;
            let files = oapi_rust_codegen::emit(&api, &settings)?;
            let after_emit = peak_rss_kib()?;
            std::hint::black_box(files);
            println!("{before} {after_load} {after_resolve} {after_emit}");
            Ok(())
        }
        [] => run(),
        // Just the first line of the table, over more runs: for working on generation speed.
        ["--users"] => {
            let users = std::fs::read(xtask::workspace_root().join(xtask::SPEC))?;
            time_stages(&users, &settings("bench"))?;
            let (s, _) = median_stages(&users, &settings("bench"), 101)?;
            println!(
                "spec/users.yaml, median of 101 runs: load {:.2} ms, resolve {:.2}, emit {:.2}, format {:.2}, total {:.2}",
                ms(s.load),
                ms(s.resolve),
                ms(s.emit),
                ms(s.format),
                ms(s.total())
            );
            // The same API written in other versions: lowering must cost about nothing.
            for spec in [
                "tests/fixtures/specs/users-swagger2.yaml",
                "tests/fixtures/specs/users-oas31.yaml",
            ] {
                let bytes = std::fs::read(xtask::workspace_root().join(spec))?;
                time_stages(&bytes, &settings("bench"))?;
                let (v, _) = median_stages(&bytes, &settings("bench"), 101)?;
                println!(
                    "{spec}, median of 101 runs: load {:.2} ms, total {:.2}, {:.2}x the 3.0 document's",
                    ms(v.load),
                    ms(v.total()),
                    v.total().as_secs_f64() / s.total().as_secs_f64()
                );
            }
            Ok(())
        }
        // Instructions per generation of spec/users.yaml on one thread, under callgrind:
        // steadier than wall-clock time on a shared machine, for comparing two builds.
        ["--instructions"] => {
            let per_run = instructions_per_generation()?;
            println!(
                "spec/users.yaml on one thread: {:.1} million instructions per generation (callgrind)",
                per_run as f64 / 1e6
            );
            Ok(())
        }
        // What --instructions runs under callgrind.
        ["--generate-users", times] => {
            let users = std::fs::read(xtask::workspace_root().join(xtask::SPEC))?;
            let settings = oapi_rust_codegen::Settings {
                threads: Some(1),
                ..settings("bench")
            };
            for _ in 0..times.parse::<usize>()? {
                std::hint::black_box(oapi_rust_codegen::generate(&users, &settings)?);
            }
            Ok(())
        }
        // Just the client's cost per call (retries on, as by default; no fault).
        ["--client"] => {
            let (gen_rate, hand_rate) = client_overhead()?;
            println!(
                "generated client {gen_rate:.0} pairs/s, hand-written reqwest {hand_rate:.0} pairs/s: {:.3} (target: at least 0.95)",
                gen_rate / hand_rate
            );
            Ok(())
        }
        ["--compile"] => {
            let n = 1_000;
            compile::run(&serde_json::to_vec(&synthetic::document(n))?, n)
        }
        ["--types"] => {
            let n = 5_000;
            compile::types_layout(&serde_json::to_vec(&synthetic::document(n))?, n)
        }
        _ => bail!(
            "usage: cargo xtask bench [--compile | --users | --instructions | --types | --client]"
        ),
    }
}

fn settings(name: &str) -> oapi_rust_codegen::Settings {
    xtask::settings(name, &format!("{name}.json"), "cargo xtask bench")
}

/// Peak resident set size of this process, in KiB (Linux: VmHWM).
fn peak_rss_kib() -> Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .context("no VmHWM in /proc/self/status")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .context("VmHWM value")?
        .parse()?)
}

#[derive(Default, Clone, Copy)]
struct Stages {
    load: Duration,
    resolve: Duration,
    emit: Duration,
    format: Duration,
}

impl Stages {
    fn total(&self) -> Duration {
        self.load + self.resolve + self.emit + self.format
    }
}

fn time_stages(bytes: &[u8], settings: &oapi_rust_codegen::Settings) -> Result<(Stages, usize)> {
    use oapi_rust_codegen::stages;
    let t = Instant::now();
    let doc = stages::load(bytes, settings)?;
    let load = t.elapsed();
    let t = Instant::now();
    let api = stages::resolve(&doc, settings)?;
    let resolve = t.elapsed();
    let t = Instant::now();
    let emitted = stages::emit(&api, settings);
    let emit = t.elapsed();
    let t = Instant::now();
    let files = stages::format(emitted, settings)?;
    let format = t.elapsed();
    let ops = api.groups.iter().map(|g| g.operations.len()).sum();
    std::hint::black_box(files);
    Ok((
        Stages {
            load,
            resolve,
            emit,
            format,
        },
        ops,
    ))
}

/// `cargo xtask generate` as maintainers run it (the dev profile, through the cargo alias)
/// against the release build of the same command, on the synthetic documents.
fn dev_against_release(
    dir: &std::path::Path,
    inputs: &[(String, Vec<u8>, usize)],
    csv: &mut String,
) -> Result<()> {
    let root = xtask::workspace_root();
    let cargo = xtask::cargo();
    for profile in [
        &["build", "--quiet", "-p", "xtask"][..],
        &["build", "--quiet", "--release", "-p", "xtask"][..],
    ] {
        let status = std::process::Command::new(&cargo)
            .args(profile)
            .current_dir(&root)
            .status()?;
        if !status.success() {
            bail!("building xtask failed");
        }
    }
    println!("`cargo xtask generate` in the dev profile (as the cargo alias runs it) against release, median of 3");
    for name in ["synthetic-1000", "synthetic-5000"] {
        let Some((_, bytes, _)) = inputs.iter().find(|(n, ..)| n == name) else {
            continue;
        };
        let spec = dir.join(format!("{name}.json"));
        std::fs::write(&spec, bytes)?;
        let time = |profile: &str| -> Result<Duration> {
            let mut runs = Vec::new();
            for _ in 0..3 {
                let out = dir.join(format!("{name}-{profile}-crate"));
                let _ = std::fs::remove_dir_all(&out);
                let t = Instant::now();
                let done =
                    std::process::Command::new(root.join("target").join(profile).join("xtask"))
                        .arg("generate")
                        .arg("--spec")
                        .arg(&spec)
                        .arg("--out")
                        .arg(&out)
                        .output()?;
                runs.push(t.elapsed());
                if !done.status.success() {
                    bail!("generate failed: {}", String::from_utf8_lossy(&done.stderr));
                }
            }
            runs.sort();
            Ok(runs[1])
        };
        let (dev, release) = (time("debug")?, time("release")?);
        let ratio = dev.as_secs_f64() / release.as_secs_f64();
        println!(
            "{name}: dev {:.0} ms, release {:.0} ms: {ratio:.2}x (target: at most 1.3x)",
            ms(dev),
            ms(release)
        );
        value_row(
            csv,
            "dev_profile",
            &format!("{name}_dev_over_release"),
            &format!("{ratio:.3}"),
            "ratio",
        );
    }
    Ok(())
}

/// Median time of emit + format with `threads` threads, over 3 runs.
fn emit_and_format(bytes: &[u8], threads: Option<usize>) -> Result<Duration> {
    let mut settings = settings("bench");
    settings.threads = threads;
    let doc = oapi_rust_codegen::stages::load(bytes, &settings)?;
    let api = oapi_rust_codegen::stages::resolve(&doc, &settings)?;
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let files = oapi_rust_codegen::stages::format(
            oapi_rust_codegen::stages::emit(&api, &settings),
            &settings,
        )?;
        times.push(t.elapsed());
        std::hint::black_box(files);
    }
    times.sort();
    Ok(times[1])
}

/// Median per stage over `runs` runs (each stage's own median).
fn median_stages(
    bytes: &[u8],
    settings: &oapi_rust_codegen::Settings,
    runs: usize,
) -> Result<(Stages, usize)> {
    let mut all = Vec::new();
    let mut ops = 0;
    for _ in 0..runs {
        let (s, n) = time_stages(bytes, settings)?;
        all.push(s);
        ops = n;
    }
    let median = |f: fn(&Stages) -> Duration| {
        let mut v: Vec<Duration> = all.iter().map(f).collect();
        v.sort();
        v[v.len() / 2]
    };
    Ok((
        Stages {
            load: median(|s| s.load),
            resolve: median(|s| s.resolve),
            emit: median(|s| s.emit),
            format: median(|s| s.format),
        },
        ops,
    ))
}

/// Instructions of one generation of spec/users.yaml on one thread: this program run under
/// `valgrind --tool=callgrind` generating it 5 times and once, the difference over 4 (which
/// leaves out start-up and what is done once per process).
fn instructions_per_generation() -> Result<u64> {
    let exe = std::env::current_exe()?;
    let count = |times: &str| -> Result<u64> {
        let out = std::process::Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args(["--generate-users", times])
            .output()
            .context("running valgrind (install it: the Debian package valgrind)")?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            bail!("callgrind failed: {stderr}");
        }
        stderr
            .lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .context("no instruction count in callgrind's output")
    };
    let (five, one) = (count("5")?, count("1")?);
    Ok(five.saturating_sub(one) / 4)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run() -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; `cargo xtask bench` runs the release build");
    }
    let mut csv = String::from(
        "section,input,operations,load_ms,resolve_ms,emit_ms,format_ms,total_ms,us_per_operation,value,unit\n",
    );

    println!("Generation (median of each stage over the runs, release build)");
    println!(
        "{:<18} {:>6} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8}",
        "input", "ops", "runs", "load ms", "resolve", "emit", "format", "total", "us/op"
    );
    let users = std::fs::read(xtask::workspace_root().join(xtask::SPEC))?;
    let mut inputs: Vec<(String, Vec<u8>, usize)> = vec![("spec/users.yaml".to_owned(), users, 31)];
    for &n in SIZES {
        let runs = match n {
            5_000.. => 5,
            1_000.. => 7,
            _ => 15,
        };
        let doc = serde_json::to_vec(&synthetic::document(n))?;
        inputs.push((format!("synthetic-{n}"), doc, runs));
    }
    let mut per_op = Vec::new();
    for (name, bytes, runs) in &inputs {
        // One warm-up run, not counted.
        time_stages(bytes, &settings("bench"))?;
        let (s, ops) = median_stages(bytes, &settings("bench"), *runs)?;
        let us_per_op = s.total().as_secs_f64() * 1e6 / ops.max(1) as f64;
        per_op.push((name.clone(), us_per_op));
        let stages = [s.load, s.resolve, s.emit, s.format, s.total()].map(ms);
        let shown: Vec<String> = stages.iter().map(|v| format!("{v:>9.2}")).collect();
        let row: Vec<String> = stages.iter().map(|v| format!("{v:.3}")).collect();
        println!(
            "{name:<18} {ops:>6} {runs:>5} {} {us_per_op:>8.1}",
            shown.join(" ")
        );
        let _ = writeln!(
            csv,
            "generation,{name},{ops},{},{us_per_op:.2},,",
            row.join(",")
        );
    }
    let at = |n: &str| per_op.iter().find(|(name, _)| name == n).map(|p| p.1);
    if let (Some(small), Some(large)) = (at("synthetic-100"), at("synthetic-5000")) {
        let growth = large / small;
        println!("time per operation at 5,000 / at 100: {growth:.2}x (target: at most 1.5x)");
        value_row(
            &mut csv,
            "growth",
            "us_per_op_5000_over_100",
            &format!("{growth:.3}"),
            "ratio",
        );
    }
    println!("(emit lists each file's chunks; format makes each chunk's tokens and formats it, on every core)");
    if let Some((_, bytes, _)) = inputs.iter().find(|(n, _, _)| n == "synthetic-5000") {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let one = emit_and_format(bytes, Some(1))?;
        let all = emit_and_format(bytes, Some(cores))?;
        let speedup = one.as_secs_f64() / all.as_secs_f64();
        println!(
            "emit + format of synthetic-5000: 1 thread {:.0} ms, {cores} threads {:.0} ms: {speedup:.2}x (target on 2 cores: at least 1.6x)",
            ms(one),
            ms(all)
        );
        value_row(
            &mut csv,
            "parallel",
            &format!("emit_format_speedup_{cores}_threads"),
            &format!("{speedup:.3}"),
            "ratio",
        );
    }

    println!();
    let (gen_rate, hand_rate) = client_overhead()?;
    let ratio = gen_rate / hand_rate;
    println!("Client: create_session + delete_session pairs against a loopback server,");
    println!("one connection pool, alternating batches");
    println!("{:<36} {:>10}", "", "pairs/s");
    println!("{:<36} {:>10.0}", "generated client", gen_rate);
    println!(
        "{:<36} {:>10.0}",
        "hand-written reqwest + serde_json", hand_rate
    );
    println!("generated / hand-written: {ratio:.3} (target: at least 0.95)");
    value_row(
        &mut csv,
        "client",
        "generated",
        &format!("{gen_rate:.0}"),
        "pairs_per_s",
    );
    value_row(
        &mut csv,
        "client",
        "hand_written",
        &format!("{hand_rate:.0}"),
        "pairs_per_s",
    );
    value_row(
        &mut csv,
        "client",
        "generated_over_hand_written",
        &format!("{ratio:.4}"),
        "ratio",
    );

    println!();
    let dir = xtask::workspace_root().join("target/bench");
    std::fs::create_dir_all(&dir)?;
    dev_against_release(&dir, &inputs, &mut csv)?;
    println!();
    // The child reads the document from a file, so that its memory is generation's alone.
    let doc_path = dir.join("synthetic-5000.json");
    let doc = inputs
        .iter()
        .find(|(name, ..)| name == "synthetic-5000")
        .map(|(_, bytes, _)| bytes.as_slice())
        .context("the 5,000-operation document")?;
    std::fs::write(&doc_path, doc)?;
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("peak-memory")
        .arg(&doc_path)
        .output()?;
    if !out.status.success() {
        bail!(
            "peak-memory run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8(out.stdout)?;
    let peaks: Vec<u64> = text
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .context("peak-memory output")?;
    let [before, load, resolve, emit] = peaks[..] else {
        bail!("peak-memory output: {text}");
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "Peak memory generating synthetic-5000 (process VmHWM, MiB; the document read from a file)"
    );
    println!(
        "before {:.1}, after load {:.1}, after resolve {:.1}, after emit + format {:.1}",
        mib(before),
        mib(load),
        mib(resolve),
        mib(emit)
    );
    for (stage, kib) in [
        ("before", before),
        ("load", load),
        ("resolve", resolve),
        ("emit_format", emit),
    ] {
        let _ = writeln!(
            csv,
            "memory,synthetic-5000 peak after {stage},5000,,,,,,,{kib},KiB"
        );
    }

    let path = dir.join("results.csv");
    std::fs::write(&path, csv)?;
    println!("\nwrote {}", path.display());
    Ok(())
}

/// Pairs of calls per second of the generated client and of the same requests written by
/// hand, against a loopback server, measured in alternating batches on one connection pool.
fn client_overhead() -> Result<(f64, f64)> {
    let addr = server::start()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let base = format!("http://{addr}/v2");
        let http = reqwest::Client::new();
        // One connection pool for both clients; over plain http to this machine, which a
        // client of one's own may proxy, credentials go only when allowed.
        let generated = cohesity_users::Client::builder(&base)
            .http_client(http.clone())
            .api_key("bench-key")
            .allow_http_credentials(true)
            .build()?;
        let body = CreateUserSessionRequestParams {
            username: Some("admin".to_owned()),
            password: Some("password".to_owned()),
            domain: Some("LOCAL".to_owned()),
            ..Default::default()
        };
        const BATCH: usize = 250;
        const ROUNDS: usize = 40;
        let mut generated_time = Duration::ZERO;
        let mut hand_time = Duration::ZERO;
        // Warm the pool and both code paths.
        for _ in 0..200 {
            generated_calls(&generated, &body).await?;
            hand_calls(&http, &base, &body).await?;
        }
        for round in 0..ROUNDS {
            // Alternate which goes first, so neither always follows the other.
            for turn in 0..2 {
                let t = Instant::now();
                if (round + turn) % 2 == 0 {
                    for _ in 0..BATCH {
                        generated_calls(&generated, &body).await?;
                    }
                    generated_time += t.elapsed();
                } else {
                    for _ in 0..BATCH {
                        hand_calls(&http, &base, &body).await?;
                    }
                    hand_time += t.elapsed();
                }
            }
        }
        let pairs = (BATCH * ROUNDS) as f64;
        Ok((
            pairs / generated_time.as_secs_f64(),
            pairs / hand_time.as_secs_f64(),
        ))
    })
}

async fn generated_calls(
    client: &cohesity_users::Client,
    body: &CreateUserSessionRequestParams,
) -> Result<()> {
    let session = client.users().create_session(body).await?;
    std::hint::black_box(session);
    client.users().delete_session().sid("S-1-100-21-42").await?;
    Ok(())
}

/// What a careful hand-written client sends: the same requests, headers and decoding.
async fn hand_calls(
    http: &reqwest::Client,
    base: &str,
    body: &CreateUserSessionRequestParams,
) -> Result<()> {
    let response = http
        .post(format!("{base}/users/sessions"))
        .header(reqwest::header::ACCEPT, "application/json")
        .header("apiKey", "bench-key")
        .json(body)
        .send()
        .await?;
    if response.status().as_u16() != 201 {
        bail!("unexpected status {}", response.status());
    }
    let session: UserSession = serde_json::from_slice(&response.bytes().await?)?;
    std::hint::black_box(session);
    let response = http
        .delete(format!("{base}/users/sessions"))
        .header(reqwest::header::ACCEPT, "application/json")
        .header("apiKey", "bench-key")
        .query(&[("sid", "S-1-100-21-42")])
        .send()
        .await?;
    if response.status().as_u16() != 204 {
        bail!("unexpected status {}", response.status());
    }
    Ok(())
}

/// A minimal HTTP/1.1 keep-alive server on loopback, on its own thread: `POST` gets 201 and
/// a session, anything else 204. Minimal, so that the clients' own cost dominates.
mod server {
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const CREATED: &[u8] = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 48\r\n\r\n{\"sessionId\":\"0123456789abcdef0123456789abcdef\"}";
    const NO_CONTENT: &[u8] = b"HTTP/1.1 204 No Content\r\n\r\n";

    pub fn start() -> anyhow::Result<SocketAddr> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                while let Ok((stream, _)) = listener.accept().await {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve(stream));
                }
            });
        });
        Ok(addr)
    }

    async fn serve(mut stream: tokio::net::TcpStream) {
        let mut buf = Vec::with_capacity(4096);
        let mut chunk = [0u8; 4096];
        loop {
            // One request: headers, then Content-Length bytes of body.
            let header_end = loop {
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            };
            let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < header_end + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let answer = if head.starts_with("post") {
                CREATED
            } else {
                NO_CONTENT
            };
            buf.drain(..header_end + length);
            if stream.write_all(answer).await.is_err() {
                return;
            }
        }
    }
}

/// A row of `results.csv` that holds one value (the stage columns empty): its section, key,
/// value and unit.
fn value_row(csv: &mut String, section: &str, key: &str, value: &str, unit: &str) {
    let _ = writeln!(csv, "{section},{key},,,,,,,,{value},{unit}");
}
