//! The report in a real browser: headless Chromium loads a page from a
//! file and is driven as a person would drive it, through the Chrome
//! DevTools protocol over a pipe (`--remote-debugging-pipe`: JSON
//! messages ended by a NUL byte on file descriptors 3 and 4; no
//! WebSocket, no crate). The flame graph must draw the expected frames,
//! zoom on a click, show a frame's bytes, share and blocks on hover,
//! highlight what the search box matches and come back on Reset; names
//! from the file stay text. The report of a file with its run's history
//! opens on the flame graph at the peak, its tabs switch graphs, and its
//! timeline labels the peak. Screenshots go to
//! `target/tmp/report-browser/`.
//!
//! Without Chromium the test says so and passes, unless
//! `MEMSCOPE_BROWSER_TESTS=require` (which `.ci/run` sets, having
//! installed Chromium): then it fails.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{detailed, record, run, s, stacks_of, write_with_stacks};
use crate::report::run_file;

/// How long any one answer of the browser may take.
const PATIENCE: Duration = Duration::from_secs(30);

/// The Chromium to drive: `$MEMSCOPE_CHROMIUM`, else the first of the
/// usual names on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MEMSCOPE_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

/// A headless Chromium, its one page attached.
struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    /// Events that came while an answer was awaited.
    events: Vec<Value>,
    next_id: u64,
    session: Option<String>,
}

impl Browser {
    /// Starts `exe` with a fresh profile in `profile` and attaches to its
    /// page.
    fn launch(exe: &Path, profile: &Path) -> Self {
        // The shell hands our pipes to the browser as descriptors 3 (what
        // it reads) and 4 (what it writes).
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r##"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"##)
            .arg(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1280,1000",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            let mut message = Vec::new();
            while output.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                message.pop();
                if let Ok(value) = serde_json::from_slice(&message)
                    && send.send(value).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        let mut browser = Browser {
            child,
            input,
            messages,
            events: Vec::new(),
            next_id: 0,
            session: None,
        };
        let targets = browser.call("Target.getTargets", json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .expect("a page")["targetId"]
            .clone();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({ "targetId": page, "flatten": true }),
        );
        browser.session = Some(attached["sessionId"].as_str().unwrap().to_string());
        browser.call("Page.enable", json!({}));
        browser
    }

    /// The next message, or a failure after [`PATIENCE`].
    fn next_message(&mut self) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("chromium did not answer in {PATIENCE:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("chromium went away"),
        }
    }

    /// Calls `method` (on the page once attached) and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.input.write_all(&bytes).unwrap();
        self.input.flush().unwrap();
        loop {
            let message = self.next_message();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    /// Waits for the event `method`.
    fn wait_for_event(&mut self, method: &str) -> Value {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(at);
        }
        loop {
            let message = self.next_message();
            if message["method"] == method {
                return message;
            }
            self.events.push(message);
        }
    }

    /// The value of the JavaScript expression `expression` in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page; how long it took.
    fn wait_until(&mut self, expression: &str) -> Duration {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(start.elapsed() < PATIENCE, "never true: {expression}");
            std::thread::sleep(Duration::from_millis(20));
        }
        start.elapsed()
    }

    /// Opens the report at `page` and waits until it can be used: the
    /// page's script has drawn, inferno's `init()` has run in each flame
    /// graph, the tabs' included (it sets `total_samples`), and the page
    /// has sized its frames. Returns how long that took from the
    /// navigation.
    fn open(&mut self, page: &Path) -> Duration {
        let started = Instant::now();
        let url = format!("file://{}", page.display());
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for_event("Page.loadEventFired");
        self.wait_until(
            r##"(() => {
                const ready = f => typeof f.contentWindow.total_samples === "number" && f.style.height !== "";
                return document.getElementById("stats").childElementCount > 0
                    && [...document.querySelectorAll("iframe.flame")].every(ready);
            })()"##,
        );
        // Behind whatever inferno queued when it started (it lays out its
        // text in a task of its own).
        self.eval("0");
        started.elapsed()
    }

    /// Moves the mouse to the centre of what `element` (an expression
    /// for an element of the page or of a frame in it) shows, in page
    /// coordinates, after scrolling it into view.
    fn point_at(&mut self, element: &str) -> (f64, f64) {
        let centre = self.eval(&format!(
            r##"(() => {{
                const e = {element};
                e.scrollIntoView({{ block: "center" }});
                const r = e.getBoundingClientRect();
                const view = e.ownerDocument.defaultView;
                const f = view.frameElement ? view.frameElement.getBoundingClientRect() : {{ left: 0, top: 0 }};
                return [f.left + r.left + r.width / 2, f.top + r.top + r.height / 2];
            }})()"##
        ));
        let (x, y) = (centre[0].as_f64().unwrap(), centre[1].as_f64().unwrap());
        self.mouse("mouseMoved", x, y);
        (x, y)
    }

    /// Clicks the middle of `element`, as [`Browser::point_at`] finds it.
    fn click(&mut self, element: &str) {
        let (x, y) = self.point_at(element);
        self.mouse("mousePressed", x, y);
        self.mouse("mouseReleased", x, y);
    }

    fn mouse(&mut self, kind: &str, x: f64, y: f64) {
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
        );
    }

    /// Types `text` into the focused element.
    fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Saves a screenshot of the whole page to `path`.
    fn screenshot(&mut self, path: &Path) {
        let shot = self.call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        let png = base64_decode(shot["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64, as the protocol sends screenshots.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    digits
        .chunks(4)
        .flat_map(|chunk| {
            let bits = chunk
                .iter()
                .enumerate()
                .fold(0u32, |bits, (i, &d)| bits | u32::from(d) << (18 - 6 * i));
            let bytes = bits.to_be_bytes();
            bytes[1..chunk.len()].to_vec()
        })
        .collect()
}

/// A variable name and a function name that would be markup if the page
/// let them.
const EVIL_VAR: &str = "<script>alert(1)</script>";
const EVIL_FUNCTION: &str = "</script><img src=x onerror=alert(2)>";

/// A base and a later file of one program: under `app::main`,
/// `app::index::add` holds 300 bytes in 2 blocks in both, `app::load`
/// grows from 300 to 1,300 bytes, and a function with a hostile name
/// appears with 64.
fn files(dir: &Path) -> (PathBuf, PathBuf) {
    let main = (Some("app::main"), Some("src/main.rs"), 10, false);
    let stacks = stacks_of(&[
        &[
            (Some("app::index::add"), Some("src/index.rs"), 42, false),
            main,
        ],
        &[(Some("app::load"), Some("src/load.rs"), 7, false), main],
        &[(Some(EVIL_FUNCTION), Some("src/evil.rs"), 1, false), main],
    ]);
    let records = [
        record(0x1000, 100, 1, Some("index"), Some("Vec<u32>")),
        record(0x2000, 200, 2, Some("index"), Some("Vec<u32>")),
        record(0x3000, 300, 3, Some("text"), Some("String")),
        record(0x4000, 1000, 4, Some(EVIL_VAR), Some("String")),
        record(0x5000, 64, 5, None, None),
    ];
    let base = write_with_stacks(
        dir,
        "base.memscope",
        detailed(),
        &records[..3],
        &stacks,
        &[1, 1, 2],
    );
    let now = write_with_stacks(
        dir,
        "now.memscope",
        detailed(),
        &records,
        &stacks,
        &[1, 1, 2, 2, 3],
    );
    (base, now)
}

/// The `g` element of the frame whose hover text starts with `name (` in
/// the flame graph of frame `frame`.
fn frame_of(frame: &str, name: &str) -> String {
    format!(
        r##"[...document.getElementById("{frame}-frame").contentDocument.querySelectorAll("#frames > g")]
            .find(g => g.querySelector("title").textContent.startsWith({name:?} + " ("))"##
    )
}

/// The Chromium to drive, or `None` (said on standard error) when there
/// is none and `MEMSCOPE_BROWSER_TESTS=require` is not set.
fn chromium_or_skip() -> Option<PathBuf> {
    let exe = chromium();
    if exe.is_none() {
        let required = std::env::var("MEMSCOPE_BROWSER_TESTS").is_ok_and(|v| v == "require");
        assert!(
            !required,
            "MEMSCOPE_BROWSER_TESTS=require but no chromium on PATH (apt-get install chromium)"
        );
        // Past the test harness's capture, so that it is seen.
        let _ = writeln!(
            std::io::stderr(),
            "skipped: the browser test of `report` needs chromium on PATH (apt-get install chromium)"
        );
    }
    exe
}

/// Where screenshots go: `target/tmp/report-browser/`.
fn screenshots() -> PathBuf {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    std::fs::create_dir_all(&shots).unwrap();
    shots
}

#[test]
fn the_report_s_flame_graph_zooms_on_a_click_highlights_a_search_and_keeps_names_as_text() {
    let Some(exe) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (base, now) = files(dir.path());
    let page = dir.path().join("report.html");
    run(["report", s(&now), "--base", s(&base), "-o", s(&page)]).assert_ok();
    let shots = screenshots();

    let mut browser = Browser::launch(&exe, &dir.path().join("profile"));
    let interactive = browser.open(&page);
    let _ = writeln!(
        std::io::stderr(),
        "report page interactive {interactive:?} after navigating; screenshots in {}",
        shots.display()
    );
    let graph = r##"document.getElementById("flame-frame")"##;
    browser.screenshot(&shots.join("loaded.png"));

    // The frames drawn.
    let titles = browser.eval(&format!(
        r##"[...{graph}.contentDocument.querySelectorAll("#frames > g > title")].map(t => t.textContent).sort()"##
    ));
    let titles: Vec<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert_eq!(
        titles[0],
        format!("{EVIL_FUNCTION} (64 bytes, 3.85%, 1 block)")
    );
    assert_eq!(titles[1], "all (1,664 bytes, 100%, 5 blocks)");
    assert_eq!(titles[2], "app::index::add (300 bytes, 18.03%, 2 blocks)");
    assert!(
        titles[3].starts_with("app::load (1,300 bytes, 78.1")
            && titles[3].ends_with("%, 2 blocks)")
    );
    assert_eq!(titles[4], "app::main (1,664 bytes, 100.00%, 5 blocks)");

    // Hover: inferno's details line says the frame's bytes, share and
    // blocks.
    browser.point_at(&format!(
        "{}.querySelector('rect')",
        frame_of("flame", "app::index::add")
    ));
    let details = browser.eval(&format!(
        r##"{graph}.contentDocument.getElementById("details").textContent"##
    ));
    assert_eq!(
        details,
        "Frame: app::index::add (300 bytes, 18.03%, 2 blocks)"
    );

    // A click on app::load zooms into it: it spans the graph, its sibling
    // is hidden, inferno's "Reset Zoom" shows.
    let load = frame_of("flame", "app::load");
    let add = frame_of("flame", "app::index::add");
    browser.click(&format!("{load}.querySelector('rect')"));
    browser.wait_until(&format!(
        r##"{load}.querySelector("rect").getAttribute("width") === "100.0000%""##
    ));
    assert_eq!(
        browser.eval(&format!(r##"{add}.classList.contains("hide")"##)),
        json!(true)
    );
    assert_eq!(
        browser.eval(&format!(
            r##"{graph}.contentDocument.getElementById("unzoom").classList.contains("hide")"##
        )),
        json!(false)
    );
    browser.screenshot(&shots.join("zoomed.png"));

    // Reset brings every frame back.
    browser.click(r##"document.getElementById("flame-reset")"##);
    browser.wait_until(&format!(r##"!{add}.classList.contains("hide")"##));
    assert_ne!(
        browser.eval(&format!(
            r##"{load}.querySelector("rect").getAttribute("width")"##
        )),
        json!("100.0000%")
    );

    // Typing into the search box highlights the frames that match, and
    // only those; the toolbar says how much matched.
    browser.click(r##"document.getElementById("flame-search")"##);
    browser.type_text("index::add");
    let fill = |frame: &str| format!(r##"{frame}.querySelector("rect").getAttribute("fill")"##);
    browser.wait_until(&format!(r##"{} === "rgb(230,0,230)""##, fill(&add)));
    assert_ne!(browser.eval(&fill(&load)), json!("rgb(230,0,230)"));
    assert_eq!(
        browser.eval(r##"document.getElementById("flame-matched").textContent"##),
        json!("Matched: 18.0%")
    );
    browser.screenshot(&shots.join("searched.png"));

    // The growth graph is there, coloured by growth: app::load grew.
    let growth_load = frame_of("growth", "app::load");
    browser.wait_until(
        r##"typeof document.getElementById("growth-frame").contentWindow.total_samples === "number""##,
    );
    let title = browser.eval(&format!(
        r##"{growth_load}.querySelector("title").textContent"##
    ));
    assert!(title.as_str().unwrap().ends_with("; +60.10%)"), "{title}");
    let red = browser.eval(&fill(&growth_load));
    assert!(
        red.as_str().unwrap().starts_with("rgb(255,"),
        "grew, so red: {red}"
    );

    // Names from the file are text: shown as they are, no script or image
    // of theirs in either document, no dialog.
    assert_eq!(
        browser.eval(r##"document.querySelectorAll("script").length"##),
        json!(2)
    );
    assert_eq!(
        browser.eval(&format!(
            r##"[...document.querySelectorAll("#by-var .name")].some(e => e.textContent === {EVIL_VAR:?})"##
        )),
        json!(true)
    );
    assert_eq!(
        browser.eval(&format!(
            r##"{graph}.contentDocument.querySelectorAll("img").length"##
        )),
        json!(0)
    );
    assert!(
        !browser
            .events
            .iter()
            .any(|e| e["method"] == "Page.javascriptDialogOpening"),
        "a dialog opened"
    );
}

#[test]
fn the_report_of_a_run_opens_at_the_peak_its_tabs_switch_graphs_and_its_timeline_labels_the_peak() {
    let Some(exe) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = run_file(dir.path());
    let page = dir.path().join("run.html");
    run(["report", s(&path), "-o", s(&page)]).assert_ok();
    let shots = screenshots();
    let mut browser = Browser::launch(&exe, &dir.path().join("profile"));
    browser.open(&page);

    // What a person sees of the tabs: which is selected, the heading, the
    // line under it, and which panel shows.
    let state = r##"(() => {
        const shown = [...document.querySelectorAll("#flame-section .panel")]
            .filter(p => getComputedStyle(p).visibility === "visible" && p.offsetHeight > 0)
            .map(p => p.id);
        return {
            tabs: [...document.querySelectorAll("#flame-tabs button")].map(b => b.textContent),
            selected: [...document.querySelectorAll("#flame-tabs button[aria-selected=true]")].map(b => b.textContent),
            heading: document.getElementById("flame-heading").textContent,
            about: document.getElementById("flame-about").textContent,
            shown,
        };
    })()"##;
    let opened = browser.eval(state);
    assert_eq!(
        opened["tabs"],
        json!(["at the peak", "now", "total allocated", "temporary"])
    );
    assert_eq!(opened["selected"], json!(["at the peak"]));
    assert_eq!(opened["heading"], "Bytes live at the peak by call stack");
    assert_eq!(opened["shown"], json!(["peak-panel"]));
    assert!(
        opened["about"].as_str().unwrap().starts_with(
            "5.87 KiB in 8 blocks, the blocks live at the run's peak (2023-11-14 22:13:14.623 UTC)"
        ),
        "{}",
        opened["about"]
    );
    // Hover in the graph at the peak: app::parse held most then.
    browser.point_at(&format!(
        "{}.querySelector('rect')",
        frame_of("peak", "app::parse")
    ));
    assert_eq!(
        browser.eval(r##"document.getElementById("peak-frame").contentDocument.getElementById("details").textContent"##),
        "Frame: app::parse (4,096 bytes, 68.18%, 1 block)"
    );
    browser.screenshot(&shots.join("run-peak.png"));

    // Each tab shows its own graph; a graph laid out while hidden has its
    // frames' names written in.
    for (tab, id, heading, parse) in [
        (
            "temporary",
            "temporary",
            "Bytes allocated temporarily by call stack",
            Some("app::parse (4,096,000 bytes, 100.00%, 1,000 blocks)"),
        ),
        (
            "total",
            "total",
            "Bytes allocated over the run by call stack",
            Some("app::parse (4,096,000 bytes, 99.95%, 1,000 blocks)"),
        ),
        ("flame", "flame", "Live bytes by call stack", None),
    ] {
        browser.click(&format!(r##"document.getElementById("{tab}-tab")"##));
        let now = browser.eval(state);
        assert_eq!(now["shown"], json!([format!("{id}-panel")]), "{tab}");
        assert_eq!(now["heading"], heading, "{tab}");
        let frame = frame_of(id, "app::parse");
        match parse {
            Some(title) => {
                browser.point_at(&format!("{frame}.querySelector('rect')"));
                assert_eq!(
                    browser.eval(&format!(
                        r##"document.getElementById("{id}-frame").contentDocument.getElementById("details").textContent"##
                    )),
                    format!("Frame: {title}")
                );
                assert_eq!(
                    browser.eval(&format!(
                        r##"{frame}.querySelector("text").textContent.trim()"##
                    )),
                    "app::parse"
                );
            }
            // Nothing of app::parse is live now.
            None => assert_eq!(browser.eval(&format!("{frame} === undefined")), json!(true)),
        }
        browser.screenshot(&shots.join(format!("run-{tab}.png")));
    }
    assert_eq!(
        browser.eval(state)["about"],
        "1.64 KiB in 6 blocks, the blocks live when the file was written"
    );

    // The timeline's peak label, as shown: inside the chart, seen.
    let label = browser.eval(
        r##"(() => {
            const label = document.getElementById("timeline-peak");
            const box = label.getBoundingClientRect(), chart = document.getElementById("timeline").getBoundingClientRect();
            return {
                text: label.textContent,
                inside: box.width > 0 && box.left >= chart.left && box.right <= chart.right && box.top >= chart.top,
                facts: document.getElementById("timeline-facts").textContent,
            };
        })()"##,
    );
    assert_eq!(label["text"], "peak 5.87 KiB at 22:13:14.623");
    assert_eq!(label["inside"], true);
    assert!(
        label["facts"]
            .as_str()
            .unwrap()
            .ends_with("this snapshot holds 1.64 KiB, 27.9% of the peak's 5.87 KiB"),
        "{}",
        label["facts"]
    );
    browser.point_at(r##"document.getElementById("timeline")"##);
    browser.screenshot(&shots.join("run-timeline.png"));
}

/// Times a page made elsewhere, such as the report of a 1M-record file
/// (README, "report"): `MEMSCOPE_REPORT_PAGE=report.html cargo test -p
/// memscope-binary-cli --test cli -- --ignored --nocapture interactive`.
#[test]
#[ignore = "needs a page in MEMSCOPE_REPORT_PAGE and chromium"]
fn a_given_report_is_interactive_within_two_seconds() {
    let page = std::env::var_os("MEMSCOPE_REPORT_PAGE").expect("MEMSCOPE_REPORT_PAGE=report.html");
    let exe = chromium().expect("chromium on PATH");
    let dir = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(&exe, &dir.path().join("profile"));
    let interactive = browser.open(Path::new(&page));
    let _ = writeln!(
        std::io::stderr(),
        "{}: interactive {interactive:?} after navigating",
        Path::new(&page).display()
    );
    assert!(interactive < Duration::from_secs(2), "{interactive:?}");
}
