#!/usr/bin/env python3
"""The benchmark harness of issue #6; `bash bench/run` runs it from the repository root.

Measures, on this machine and in one run:

1. generation: doc2rust over the 2021 pages against cargo-progenitor over the 2021 OpenAPI
   spec (whole process), doc2rust over `specs/`, and doc2rust's phases (`--timings`);
2. the floor: reading the same pages and running pulldown-cmark over them, nothing else;
3. scaling: synthetic corpora of 100, 1,000 and 10,000 pages (`bench/synth.py`): time,
   peak memory, phases;
4. compile cost of the output: `cargo build` of doc2rust's crate and progenitor's crate for
   the same API, dependencies prebuilt, incremental compilation off; lines and types;
5. build.rs: no-op rebuild of `tests/build-script-example` against cargo's own overhead,
   and a rebuild after one page changed;
6. what users pay, against progenitor's crate for the same API: the rebuild of a program
   using it after an edit (3 and 20 calls), its clean build with every dependency, its
   release binary, the crate's dependencies, and each call's cost against a hand-written
   reqwest call (requests per second and allocations, `bench/percall/`).

Every figure is min / median / max over its runs, with the exact command. Results go to
`target/bench/results.json` and, rendered, to `BENCHMARKS.md`. Everything the harness
builds lives under `target/bench/` (its own cargo target directories, so a concurrent
`cargo build` in the workspace neither blocks it nor is blocked by it).
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench")
PROGENITOR_VERSION = "0.15.1"
SIZES = (100, 1000, 10000)
SPEC_2021 = "tests/fixtures/openapi/conversation-2021.yaml"
PAGES_2021 = "tests/fixtures/conversation-2021"
EXAMPLE = "tests/build-script-example"
# The page the build-script benchmark edits, and how: its title gains or loses a suffix.
EDITED_PAGE = os.path.join(EXAMPLE, "pages", "app", "app-getapp.md")
EDIT_SUFFIX = " (edited by bench)"
PHASES = ("read", "parse", "model", "emit", "format", "write")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rel(path):
    return os.path.relpath(path, ROOT)


def run(command, env=None, cwd=ROOT, quiet=True):
    """Runs a command (a list), failing loudly with its output."""
    full_env = dict(os.environ, **(env or {}))
    result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=quiet, text=True)
    if result.returncode != 0:
        output = (result.stdout or "") + (result.stderr or "") if quiet else ""
        sys.exit(f"command failed ({result.returncode}): {shlex.join(command)}\n{output}")
    return result


def stats(values):
    values = sorted(values)
    return {"min": values[0], "median": statistics.median(values), "max": values[-1], "runs": len(values)}


def load():
    return [round(x, 2) for x in os.getloadavg()]


class Bench:
    def __init__(self, args):
        self.args = args
        self.runs = 3 if args.quick else 10
        self.results = {"sections": {}, "load": {"start": load()}}
        self.target = os.path.join(WORK, "target")
        self.env = {"CARGO_TARGET_DIR": self.target}
        self.doc2rust = os.path.join(self.target, "release", "doc2rust")
        self.floor = os.path.join(self.target, "release", "pulldown-floor")
        self.progenitor = shutil.which("cargo-progenitor") or os.path.expanduser("~/.cargo/bin/cargo-progenitor")

    # ---------------------------------------------------------------- setup

    def setup(self):
        os.makedirs(WORK, exist_ok=True)
        restore_page()
        if not shutil.which("hyperfine"):
            log("installing hyperfine (apt)")
            run(["apt-get", "install", "-y", "-qq", "hyperfine"], quiet=True)
        log(f"installing cargo-progenitor {PROGENITOR_VERSION} (skipped by cargo when already installed)")
        run(["cargo", "install", "--locked", "--version", PROGENITOR_VERSION, "cargo-progenitor"])
        self.progenitor = shutil.which("cargo-progenitor") or os.path.expanduser("~/.cargo/bin/cargo-progenitor")
        log("building doc2rust and the floor (release)")
        run(["cargo", "build", "--release", "-p", "doc2rust", "-p", "doc2rust-bench"], env=self.env)
        for size in self.sizes():
            corpus = self.corpus(size)
            if not os.path.isdir(corpus) or self.args.fresh_corpora:
                log(f"making the synthetic corpus of {size} pages")
                run([sys.executable, "bench/synth.py", "specs", corpus, str(size)])
        self.results["machine"] = machine()
        self.results["commands"] = {}

    def settle(self):
        """Waits until what earlier steps wrote is on disk: the kernel flushes a fresh build's
        hundreds of megabytes in the background, which slowed the first timings of a run by
        half (measured: 14.5 ms against 7.8 ms for the same command a minute later)."""
        os.sync()
        time.sleep(3)

    def sizes(self):
        return SIZES if not self.args.quick else SIZES[:2]

    def corpus(self, size):
        return os.path.join(WORK, "corpus", f"pages-{size}")

    def out(self, name):
        return os.path.join(WORK, "out", name)

    # ---------------------------------------------------------------- helpers

    def hyperfine(self, name, commands, runs=None, warmup=2, prepare=None, env=None, shell=False, rounds=1):
        """Times commands with hyperfine; returns {label: stats in ms}.

        `prepare` is one command for all, or a list with one per command. With `rounds` > 1
        the commands take turns: hyperfine runs them all `runs / rounds` times, `rounds`
        times over, and the times are pooled, so that a slow spell of this shared machine
        weighs on every command alike instead of on whichever ran then.
        """
        runs = runs or self.runs
        per_round = max(1, runs // rounds)
        exports, times = [], {label: [] for label, _ in commands}
        for round_index in range(rounds):
            export = os.path.join(WORK, f"hyperfine-{name}.json" if rounds == 1 else f"hyperfine-{name}-{round_index + 1}.json")
            command = ["hyperfine", "--style", "none", "--export-json", export, "--runs", str(per_round), "--warmup", str(warmup if round_index == 0 else min(warmup, 1))]
            if not shell:
                command.append("-N")
            for step in prepare if isinstance(prepare, list) else [prepare] if prepare else []:
                command += ["--prepare", step]
            for label, text in commands:
                command += ["--command-name", label, text]
            run(command, env=env)
            with open(export) as handle:
                data = json.load(handle)
            for (label, _), result in zip(commands, data["results"]):
                times[label] += [t * 1000 for t in result["times"]]
            exports.append(command)
        shown = shlex.join(exports[0])
        if rounds > 1:
            shown = f"# {rounds} rounds of:\n{shown}"
        self.results["commands"][name] = {"hyperfine": shown, "commands": dict(commands), "prepare": prepare}
        return {label: stats(values) for label, values in times.items()}

    def timed_runs(self, command, runs, prepare=None):
        """Runs a command `runs` times; wall time (ms), peak RSS (MiB) and stderr of each."""
        walls, rss, errs = [], [], []
        for _ in range(runs):
            if prepare:
                prepare()
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            stderr = process.stderr.read()
            _, status, usage = os.wait4(process.pid, 0)
            walls.append((time.perf_counter() - start) * 1000)
            if status != 0:
                sys.exit(f"command failed: {shlex.join(command)}\n{stderr}")
            rss.append(usage.ru_maxrss / 1024)
            errs.append(stderr)
        return walls, rss, errs

    def phases(self, stderrs):
        per_phase = {phase: [] for phase in PHASES + ("total",)}
        for stderr in stderrs:
            for phase, value in re.findall(r"^\s*(\w+):\s+([0-9.]+) ms$", stderr, re.MULTILINE):
                if phase in per_phase:
                    per_phase[phase].append(float(value))
        return {phase: stats(values) for phase, values in per_phase.items() if values}

    def d2r(self, specs, out, timings=False):
        command = [self.doc2rust, "generate", "--specs", specs, "--out", out]
        return command + ["--timings"] if timings else command

    # ---------------------------------------------------------------- 1 + 2

    def generation(self):
        log("1. generation: doc2rust vs cargo-progenitor, doc2rust over specs/")
        self.settle()
        d2r_2021 = shlex.join(self.d2r(PAGES_2021, self.out("doc2rust-2021")))
        d2r_specs = shlex.join(self.d2r("specs", self.out("doc2rust-specs")))
        progenitor = shlex.join([self.progenitor, "progenitor", "-i", SPEC_2021, "-o", self.out("progenitor-2021"), "-n", "conversation-2021", "-v", "0.1.0"])
        floor_2021 = shlex.join([self.floor, PAGES_2021])
        floor_specs = shlex.join([self.floor, "specs"])
        # Every output folder is removed before each run: both tools write a whole crate.
        prepare = f"rm -rf {self.out('doc2rust-2021')} {self.out('progenitor-2021')} {self.out('doc2rust-specs')}"
        runs = 5 if self.args.quick else 30
        timed = self.hyperfine(
            "generation",
            [
                ("doc2rust 2021 pages", d2r_2021),
                ("cargo-progenitor 2021 spec", progenitor),
                ("doc2rust specs/", d2r_specs),
                ("floor 2021 pages", floor_2021),
                ("floor specs/", floor_specs),
            ],
            runs=runs,
            warmup=3,
            prepare=prepare,
            rounds=1 if self.args.quick else 6,
        )
        section = {"timed": timed}
        for name, specs in (("2021", PAGES_2021), ("specs", "specs")):
            out = self.out(f"doc2rust-{name}-phases")
            _, _, errs = self.timed_runs(self.d2r(specs, out, timings=True), runs, prepare=lambda out=out: shutil.rmtree(out, ignore_errors=True))
            section[f"phases {name}"] = self.phases(errs)
        self.results["sections"]["generation"] = section

    # ---------------------------------------------------------------- 3

    def scaling(self):
        log("3. scaling: synthetic corpora")
        self.settle()
        section = {}
        for size in self.sizes():
            corpus = self.corpus(size)
            out = self.out(f"doc2rust-{size}")
            runs = {100: 7, 1000: 5, 10000: 3}[size] if not self.args.quick else 2
            log(f"   {size} pages, {runs} runs")
            walls, rss, errs = self.timed_runs(self.d2r(corpus, out, timings=True), runs, prepare=lambda out=out: shutil.rmtree(out, ignore_errors=True))
            floor = self.hyperfine(f"floor-{size}", [(f"floor {size}", shlex.join([self.floor, corpus]))], runs=max(runs, 3), warmup=1)
            types_rs = os.path.join(out, "src", "types.rs")
            section[str(size)] = {
                "command": shlex.join([rel(self.doc2rust)] + self.d2r(rel(corpus), rel(out), timings=True)[1:]),
                "wall_ms": stats(walls),
                "peak_rss_mib": stats(rss),
                "phases": self.phases(errs),
                "floor_ms": floor[f"floor {size}"],
                "pages_bytes": folder_bytes(corpus),
                "types": count_types([types_rs]),
                "generated_lines": count_lines(out),
            }
        self.results["sections"]["scaling"] = section

    # ---------------------------------------------------------------- 4

    def compile_cost(self):
        log("4. compile cost of the generated crates")
        self.settle()
        compile_dir = os.path.join(WORK, "compile")
        crates = {"doc2rust": os.path.join(compile_dir, "doc2rust"), "progenitor": os.path.join(compile_dir, "progenitor")}
        shutil.rmtree(compile_dir, ignore_errors=True)
        run(self.d2r(PAGES_2021, crates["doc2rust"]) + ["--name", "conversation-2021"])
        run([self.progenitor, "progenitor", "-i", SPEC_2021, "-o", crates["progenitor"], "-n", "conversation-2021", "-v", "0.1.0"])
        for crate in crates.values():
            # Outside the workspace: an empty `[workspace]` keeps cargo from looking upwards.
            with open(os.path.join(crate, "Cargo.toml"), "a") as handle:
                handle.write("\n[workspace]\n")
        env = {"CARGO_TARGET_DIR": os.path.join(WORK, "compile-target"), "CARGO_INCREMENTAL": "0"}
        section = {}
        for name, crate in crates.items():
            log(f"   {name}: dependencies")
            run(["cargo", "build", "--manifest-path", os.path.join(crate, "Cargo.toml")], env=env)
        def rebuilds(key, label, folders, touched):
            """Rebuilds of each folder after touching one file, the folders taking turns."""
            return self.hyperfine(
                key,
                [(label.format(name), shlex.join(["cargo", "build", "--manifest-path", os.path.join(folder, "Cargo.toml")])) for name, folder in folders.items()],
                runs=3 if self.args.quick else 8,
                warmup=1,
                prepare=[f"touch {os.path.join(folder, 'src', touched)}" for folder in folders.values()],
                env=env,
                rounds=1 if self.args.quick else 4,
            )

        crate_times = rebuilds("compile", "cargo build ({})", crates, "lib.rs")
        for name, crate in crates.items():
            manifest = os.path.join(crate, "Cargo.toml")
            run(["touch", os.path.join(crate, "src", "lib.rs")])
            run(["cargo", "build", "--timings", "--manifest-path", manifest], env=env)
            unit = timings_unit(os.path.join(env["CARGO_TARGET_DIR"], "cargo-timings", "cargo-timing.html"), "conversation-2021")
            rust_files = rust_sources(crate)
            section[name] = {
                "build_ms": crate_times[f"cargo build ({name})"],
                "timings": unit,
                "lines": count_lines(crate),
                "lines_without_runtime": count_lines(crate, skip="runtime"),
                "types": count_types(rust_files),
            }
        self.results["sections"]["compile"] = section

    # ---------------------------------------------------------------- 5

    def build_script(self):
        log("5. build.rs: no-op and one-page rebuilds of the build-script example")
        self.settle()
        # These builds run in the workspace, whose dev profile keeps only line tables (for the
        # tests' disk): a user's crate has Cargo's default, full debug info, so measure that.
        env = {"CARGO_TARGET_DIR": os.path.join(WORK, "example-target"), "CARGO_PROFILE_DEV_DEBUG": "true"}
        example = ["cargo", "build", "-p", "doc2rust-build-example"]
        # Same dependencies, no build script: cargo's own no-op overhead.
        baseline = ["cargo", "build", "-p", "sinch-conversation"]
        run(example, env=env)
        run(baseline, env=env)
        runs = 5 if self.args.quick else 15
        noop = self.hyperfine(
            "build-script-noop",
            [("no-op: build-script example", shlex.join(example)), ("no-op: generated/ (no build script)", shlex.join(baseline))],
            runs=runs,
            warmup=2,
            env=env,
        )
        toggle = shlex.join([sys.executable, "bench/bench.py", "--toggle-page"])
        section = {"noop": noop}
        try:
            variants = [("dev profile (default)", {})]
            if not self.args.quick:
                # doc2rust compiled with optimizations for build scripts only.
                variants.append(("build-override opt-level=3", {"CARGO_PROFILE_DEV_BUILD_OVERRIDE_OPT_LEVEL": "3"}))
            for label, extra in variants:
                variant_env = dict(env, **extra)
                run(example, env=variant_env)
                timed = self.hyperfine(
                    f"build-script-page-{len(section)}",
                    [(f"one page changed, {label}", shlex.join(example))],
                    runs=3 if self.args.quick else 5,
                    warmup=1,
                    prepare=toggle,
                    env=variant_env,
                )
                toggle_page()
                run(example + ["--timings"], env=variant_env)
                html = os.path.join(env["CARGO_TARGET_DIR"], "cargo-timings", "cargo-timing.html")
                section[f"page {label}"] = {
                    "timed": timed[f"one page changed, {label}"],
                    "env": extra,
                    "build_script_run": timings_unit(html, "doc2rust-build-example", mode="run-custom-build"),
                    "crate": timings_unit(html, "doc2rust-build-example", mode="todo"),
                }
        finally:
            restore_page()
        self.results["sections"]["build_script"] = section

    # ---------------------------------------------------------------- 6

    def users_cost(self):
        log("6. what users pay: rebuilds, clean build, binary size, dependencies, each call")
        self.settle()
        user = os.path.join(WORK, "user")
        shutil.rmtree(user, ignore_errors=True)
        crates = {"doc2rust": os.path.join(user, "doc2rust"), "progenitor": os.path.join(user, "progenitor")}
        run(self.d2r(PAGES_2021, crates["doc2rust"]) + ["--name", "conversation-2021"])
        run([self.progenitor, "progenitor", "-i", SPEC_2021, "-o", crates["progenitor"], "-n", "conversation-2021", "-v", "0.1.0"])
        for crate in crates.values():
            with open(os.path.join(crate, "Cargo.toml"), "a") as handle:
                handle.write("\n[workspace]\n")
        # Each program: (crate, source in bench/consumers/, extra dependencies). progenitor's
        # crate turns off reqwest's default features, TLS included, so it cannot call an
        # https API as generated; its README has users add reqwest themselves, which with
        # default features brings reqwest's default TLS: the `+tls` program.
        # `doc2rust no-TLS` is doc2rust's crate without its default features: plain http only,
        # like progenitor's crate as generated, so that the pair compares the same abilities.
        no_tls = ", default-features = false"
        # `doc2rust rustls-ring` and `rustls-graviola`: the crate's other rustls features (ring
        # or graviola instead of aws-lc as the crypto provider), for their clean build and binary.
        provider = ', default-features = false, features = ["{}"]'.format
        programs = {
            "doc2rust 3 calls": ("doc2rust", "doc2rust.rs", "", ""),
            "doc2rust rustls-ring 3 calls": ("doc2rust", "doc2rust.rs", provider("rustls-ring"), ""),
            "doc2rust rustls-graviola 3 calls": ("doc2rust", "doc2rust.rs", provider("rustls-graviola"), ""),
            "doc2rust no-TLS 3 calls": ("doc2rust", "doc2rust.rs", no_tls, ""),
            "progenitor 3 calls": ("progenitor", "progenitor.rs", "", ""),
            "progenitor+tls 3 calls": ("progenitor", "progenitor.rs", "", 'reqwest = "0.13"\n'),
            "doc2rust 20 calls": ("doc2rust", "doc2rust-20.rs", "", ""),
            "doc2rust no-TLS 20 calls": ("doc2rust", "doc2rust-20.rs", no_tls, ""),
            "progenitor 20 calls": ("progenitor", "progenitor-20.rs", "", ""),
            "progenitor+tls 20 calls": ("progenitor", "progenitor-20.rs", "", 'reqwest = "0.13"\n'),
        }
        folders = {}
        for label, (crate, source, options, extra) in programs.items():
            folder = os.path.join(user, "program-" + re.sub(r"[^a-z0-9]+", "-", label).strip("-"))
            os.makedirs(os.path.join(folder, "src"), exist_ok=True)
            shutil.copy(os.path.join(ROOT, "bench", "consumers", source), os.path.join(folder, "src", "main.rs"))
            package = os.path.basename(folder)
            with open(os.path.join(folder, "Cargo.toml"), "w") as handle:
                handle.write(
                    f'[package]\nname = "{package}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
                    f'[dependencies]\nconversation-2021 = {{ path = "../{crate}"{options} }}\nserde_json = "1"\n{extra}\n[workspace]\n'
                )
            folders[label] = folder
            run(["cargo", "fetch", "--manifest-path", os.path.join(folder, "Cargo.toml")])
        manifest = lambda label: os.path.join(folders[label], "Cargo.toml")
        section = {}

        # Rebuild after an edit, incremental compilation on (cargo's dev default).
        env = {"CARGO_TARGET_DIR": os.path.join(WORK, "user-target")}
        edited = [label for label in programs if "rustls-" not in label]
        for label in edited:
            run(["cargo", "build", "--manifest-path", manifest(label)], env=env)
        bump = lambda label: shlex.join([sys.executable, os.path.join(ROOT, "bench", "bench.py"), "--bump", os.path.join(folders[label], "src", "main.rs")])
        section["rebuild_ms"] = self.hyperfine(
            "user-rebuild",
            [(label, shlex.join(["cargo", "build", "--manifest-path", manifest(label)])) for label in edited],
            runs=3 if self.args.quick else 8,
            warmup=1,
            prepare=[bump(label) for label in edited],
            env=env,
            rounds=1 if self.args.quick else 4,
        )

        # Clean build: every dependency compiled (downloads fetched beforehand).
        clean = [
            "doc2rust 3 calls",
            "doc2rust rustls-ring 3 calls",
            "doc2rust rustls-graviola 3 calls",
            "doc2rust no-TLS 3 calls",
            "progenitor 3 calls",
            "progenitor+tls 3 calls",
        ]
        target = lambda label: os.path.join(WORK, "clean-" + os.path.basename(folders[label]))
        section["clean_ms"] = self.hyperfine(
            "user-clean",
            [(label, shlex.join(["cargo", "build", "--quiet", "--manifest-path", manifest(label), "--target-dir", target(label)])) for label in clean],
            runs=1 if self.args.quick else 2,
            warmup=0,
            prepare=[shlex.join(["rm", "-rf", target(label)]) for label in clean],
            rounds=1,
        )
        section["clean_units"] = {}
        for label in clean:
            fingerprints = os.path.join(target(label), "debug", ".fingerprint")
            section["clean_units"][label] = len(os.listdir(fingerprints)) if os.path.isdir(fingerprints) else None

        # Release binary, as built and stripped.
        sizes = {}
        release_target = os.path.join(WORK, "user-release-target")
        for label in clean:
            run(["cargo", "build", "--release", "--quiet", "--manifest-path", manifest(label), "--target-dir", release_target])
            binary = os.path.join(release_target, "release", os.path.basename(folders[label]))
            stripped = binary + ".stripped"
            run(["strip", "-o", stripped, binary])
            sizes[label] = {"release": os.path.getsize(binary), "stripped": os.path.getsize(stripped)}
        section["binary_bytes"] = sizes

        # Dependencies with default features: every package cargo builds for the crate.
        def dependencies(path):
            tree = run(["cargo", "tree", "--quiet", "--manifest-path", path, "-e", "normal,build", "--prefix", "none"]).stdout
            return len({line.replace(" (*)", "").strip() for line in tree.splitlines() if line.strip()}) - 1
        section["dependencies"] = {
            "doc2rust": dependencies(os.path.join(crates["doc2rust"], "Cargo.toml")),
            "progenitor": dependencies(os.path.join(crates["progenitor"], "Cargo.toml")),
            "progenitor+tls": dependencies(manifest("progenitor+tls 3 calls")) - 1,
            "doc2rust no-TLS": dependencies(manifest("doc2rust no-TLS 3 calls")) - 1,
        }

        # Each call: doc2rust's client against hand-written reqwest, one server process.
        percall = os.path.join(user, "percall")
        os.makedirs(os.path.join(percall, "src"), exist_ok=True)
        shutil.copy(os.path.join(ROOT, "bench", "percall", "main.rs"), os.path.join(percall, "src", "main.rs"))
        with open(os.path.join(percall, "Cargo.toml"), "w") as handle:
            handle.write(
                '[package]\nname = "percall"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
                '[dependencies]\nconversation-2021 = { path = "../doc2rust", features = ["deserialize-requests"] }\n'
                'reqwest = { version = "0.13", default-features = false }\n'
                'tokio = { version = "1", features = ["rt", "net", "macros"] }\n'
                'axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }\n'
                'serde_json = "1"\n\n[workspace]\n'
            )
        run(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(percall, "Cargo.toml"), "--target-dir", release_target])
        binary = os.path.join(release_target, "release", "percall")
        server = subprocess.Popen([binary, "serve"], stdout=subprocess.PIPE, text=True)
        try:
            port = server.stdout.readline().strip()
            calls, rounds = ("1000", "3") if self.args.quick else ("3000", "7")
            measure = [binary, "measure", port, calls, rounds]
            lines = run(measure).stdout.splitlines()
        finally:
            server.kill()
            server.wait()
        per_second, allocations = {}, {}
        for line in lines:
            entry = json.loads(line)
            per_second.setdefault(entry["kind"], []).append(entry["per_second"])
            allocations.setdefault(entry["kind"], []).append(entry["allocations_per_call"])
        section["per_call"] = {
            "per_second": {kind: stats(values) for kind, values in per_second.items()},
            "allocations": {kind: stats(values) for kind, values in allocations.items()},
            "command": f"{rel(binary)} serve & {rel(binary)} measure PORT {calls} {rounds}",
        }
        self.results["sections"]["users"] = section

    # ---------------------------------------------------------------- all

    def only_users(self):
        """Section 6 alone, merged into the results of the last full run and rendered."""
        started = time.time()
        results_path = os.path.join(WORK, "results.json")
        if not os.path.exists(results_path):
            sys.exit("--only-users adds to the results of a full run: run `bash bench/run` first")
        with open(results_path) as handle:
            previous = json.load(handle)
        self.results["commands"] = previous.get("commands", {})
        self.results["machine"] = machine()
        run(["cargo", "build", "--release", "-p", "doc2rust"], env=self.env)
        self.users_cost()
        previous["sections"]["users"] = self.results["sections"]["users"]
        previous["commands"].update(self.results["commands"])
        previous.setdefault("notes", []).append(
            f"Section 6 measured {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} "
            f"with `bash bench/run --only-users` in {time.time() - started:.0f} s, load {load()}."
        )
        with open(results_path, "w") as handle:
            json.dump(previous, handle, indent=2)
        with open(os.path.join(ROOT, self.args.output), "w") as handle:
            handle.write(render(previous))
        log(f"wrote {self.args.output}")


    def all(self):
        started = time.time()
        self.setup()
        self.generation()
        self.scaling()
        if not self.args.skip_compile:
            self.compile_cost()
        self.build_script()
        if not self.args.skip_compile:
            self.users_cost()
        self.results["load"]["end"] = load()
        self.results["elapsed_s"] = round(time.time() - started, 1)
        self.results["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.results["invocation"] = "bash bench/run" + ("" if len(sys.argv) == 1 else " " + shlex.join(sys.argv[1:]))
        with open(os.path.join(WORK, "results.json"), "w") as handle:
            json.dump(self.results, handle, indent=2)
        report = render(self.results)
        if self.args.output == "-":
            print(report)
        else:
            with open(os.path.join(ROOT, self.args.output), "w") as handle:
                handle.write(report)
            log(f"wrote {self.args.output} and {rel(os.path.join(WORK, 'results.json'))} in {self.results['elapsed_s']} s")


# -------------------------------------------------------------------- page toggling


def toggle_page():
    """Adds the suffix to the edited page's title, or removes it."""
    path = os.path.join(ROOT, EDITED_PAGE)
    backup = os.path.join(WORK, "edited-page.orig")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not os.path.exists(backup):
        os.makedirs(WORK, exist_ok=True)
        with open(backup, "w", encoding="utf-8") as handle:
            handle.write(text.replace(EDIT_SUFFIX, ""))
    title, newline, rest = text.partition("\n")
    title = title[: -len(EDIT_SUFFIX)] if title.endswith(EDIT_SUFFIX) else title + EDIT_SUFFIX
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(title + newline + rest)


def bump(path):
    """Edits a benchmark program: the number in its `const EDIT: u32 = N;` line goes up."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text, count = re.subn(r"const EDIT: u32 = (\d+);", lambda m: f"const EDIT: u32 = {int(m.group(1)) + 1};", text)
    if count != 1:
        sys.exit(f"{path}: no `const EDIT: u32 = N;` line to edit")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def restore_page():
    """Puts the edited page back as it was (also after an interrupted run)."""
    backup = os.path.join(WORK, "edited-page.orig")
    if os.path.exists(backup):
        shutil.copyfile(backup, os.path.join(ROOT, EDITED_PAGE))
        os.remove(backup)


# -------------------------------------------------------------------- measurements


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            kib = int(next(line.split()[1] for line in handle if line.startswith("MemTotal")))
            memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    version = lambda *command: run(list(command)).stdout.strip().splitlines()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "rustc": version("rustc", "--version"),
        "cargo": version("cargo", "--version"),
        "hyperfine": version("hyperfine", "--version"),
        "progenitor": f"cargo-progenitor {PROGENITOR_VERSION}",
    }


def count_pages(folder):
    """The pages of a folder: its `.md` files but the READMEs that say where they come from."""
    return sum(1 for d, _, files in os.walk(os.path.join(ROOT, folder)) for f in files if f.endswith(".md") and f != "README.md")


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def rust_sources(folder, skip=None):
    found = []
    for directory, _, files in os.walk(folder):
        if skip and skip in os.path.relpath(directory, folder).split(os.sep):
            continue
        found += [os.path.join(directory, f) for f in files if f.endswith(".rs")]
    return sorted(found)


def count_lines(folder, skip=None):
    """Non-blank lines of the Rust files under `folder`."""
    total = 0
    for path in rust_sources(folder, skip):
        with open(path, encoding="utf-8") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def count_types(paths):
    """Named types defined: `struct`, `enum` and `type` items (at any nesting)."""
    pattern = re.compile(r"^\s*pub(?:\([^)]*\))? (?:struct|enum|type) ", re.MULTILINE)
    total = 0
    for path in paths:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                total += len(pattern.findall(handle.read()))
    return total


def timings_unit(html_path, crate, mode="todo"):
    """A unit's duration and frontend / codegen split from cargo's `--timings` report."""
    with open(html_path, encoding="utf-8") as handle:
        html = handle.read()
    match = re.search(r"const UNIT_DATA = (\[.*?\]);\s*\n", html, re.S)
    units = json.loads(match.group(1)) if match else []
    for unit in units:
        # A library is the unit with an empty target; a build script's run has its own mode.
        library = unit.get("target", "").strip() in ("", "(lib)", "lib")
        if unit["name"] == crate and unit.get("mode") == mode and (library or mode == "run-custom-build"):
            sections = {name: round((span["end"] - span["start"]) * 1000) for name, span in unit.get("sections") or []}
            return {"duration_ms": round(unit["duration"] * 1000), "sections_ms": sections}
    return None


# -------------------------------------------------------------------- report


def fmt_ms(s, digits=None):
    if s is None:
        return "n/a"
    d = digits if digits is not None else (1 if s["median"] < 100 else 0)
    return f"{s['median']:.{d}f} ms ({s['min']:.{d}f} / {s['max']:.{d}f}, {s['runs']} runs)"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def render(r):
    s = r["sections"]
    m = r["machine"]
    lines = []
    add = lines.append
    add("# Benchmarks")
    add("")
    add("Issue #6: doc2rust against cargo-progenitor on the same API, the cost against a")
    add("pulldown-cmark floor, scaling, compile cost of the generated crate, build-script rebuilds.")
    add("")
    add("Run everything (installs hyperfine and cargo-progenitor if missing, builds what it needs")
    add("under `target/bench/`, about 15 minutes from a clean clone on 2 cores, and rewrites this file")
    add("with the figures below; raw results in `target/bench/results.json`):")
    add("")
    add("```sh")
    add("bash bench/run            # --quick: fewer runs, no 10,000-page corpus; --help for the rest")
    add("```")
    add("")
    add("Every figure is **median (min / max, runs)** of whole-process wall-clock times unless")
    add("marked otherwise; ratios compare medians, with the ratio of the minimums (the least")
    add("disturbed runs) beside them.")
    add("")
    add(f"Measured {r['date']} with `{r['invocation']}` in {r['elapsed_s']:.0f} s on {m['cpus']} CPUs ({m['cpu']}), {m['memory']},")
    add(f"{m['rustc']}, {m['hyperfine']}, {m['progenitor']}. Load average (1, 5, 15 min) at the start")
    add(f"{r['load']['start']} and at the end {r['load']['end']}: the machine is shared with other builds, so")
    add("the spread between min and max is the noise of that load.")
    add("")

    rows = []

    g = s["generation"]["timed"]
    d2r = g["doc2rust 2021 pages"]
    prog = g["cargo-progenitor 2021 spec"]
    ratio = prog["median"] / d2r["median"]
    ratio_min = prog["min"] / d2r["min"]
    rows.append(("Generation vs cargo-progenitor (2021 API, whole process)", "≥ 10x faster", f"{ratio:.1f}x (min {ratio_min:.1f}x)", verdict(ratio >= 10)))
    floor_2021 = g["floor 2021 pages"]
    floor_specs = g["floor specs/"]
    specs = g["doc2rust specs/"]
    cost_2021 = d2r["median"] / floor_2021["median"]
    cost_specs = specs["median"] / floor_specs["median"]
    rows.append((f"Total / pulldown-cmark floor, `specs/` ({count_pages('specs')} pages)", "≤ 5x", f"{cost_specs:.1f}x (min {specs['min'] / floor_specs['min']:.1f}x)", verdict(cost_specs <= 5)))
    rows.append((f"Total / pulldown-cmark floor, 2021 pages ({count_pages(PAGES_2021)} pages)", "≤ 5x", f"{cost_2021:.1f}x (min {d2r['min'] / floor_2021['min']:.1f}x)", verdict(cost_2021 <= 5)))
    sc = s["scaling"]
    if "10000" in sc:
        big = sc["10000"]
        rows.append(("10,000 pages: time", "< 10 s", f"{big['wall_ms']['median'] / 1000:.2f} s (max {big['wall_ms']['max'] / 1000:.2f} s)", verdict(big["wall_ms"]["median"] < 10000)))
        rows.append(("10,000 pages: peak memory", "< 1 GiB", f"{big['peak_rss_mib']['median']:.0f} MiB", verdict(big["peak_rss_mib"]["max"] < 1024)))
        exponent = growth_exponent(sc, "100", "10000")
        rows.append(("Growth 100 → 10,000 pages", "linear", f"time ∝ n^{exponent:.2f}", verdict(exponent < 1.15)))
    c = s.get("compile")
    if c:
        cr = c["doc2rust"]["build_ms"]["median"] / c["progenitor"]["build_ms"]["median"]
        rows.append(("Compile of the generated crate, doc2rust / progenitor", "≤ 1.0", f"{cr:.2f}", verdict(cr <= 1.0)))
    u = s.get("users")
    if u:
        for calls in ("3", "20"):
            for versus in ("progenitor+tls", "progenitor"):
                a, b_ = u["rebuild_ms"][f"doc2rust {calls} calls"], u["rebuild_ms"].get(f"{versus} {calls} calls")
                if not b_:
                    continue
                ratio_u = a["median"] / b_["median"]
                rows.append((f"Rebuild of a program after an edit ({calls} calls), doc2rust / {versus}", "≤ 1.0", f"{ratio_u:.2f} (min {a['min'] / b_['min']:.2f})", verdict(ratio_u <= 1.0)))
            rows.extend(no_tls_row(f"Rebuild of a program after an edit ({calls} calls)", u["rebuild_ms"], calls))
        for versus in ("progenitor+tls", "progenitor"):
            a, b_ = u["clean_ms"]["doc2rust 3 calls"], u["clean_ms"][f"{versus} 3 calls"]
            ratio_u = a["median"] / b_["median"]
            rows.append((f"Clean build of the program, doc2rust / {versus}", "≤ 1.0", f"{ratio_u:.2f} (min {a['min'] / b_['min']:.2f})", verdict(ratio_u <= 1.0)))
        rows.extend(no_tls_row("Clean build of the program", u["clean_ms"], "3"))
        for versus in ("progenitor+tls", "progenitor"):
            a, b_ = u["binary_bytes"]["doc2rust 3 calls"], u["binary_bytes"][f"{versus} 3 calls"]
            ratio_u = a["stripped"] / b_["stripped"]
            rows.append((f"Release binary (stripped), doc2rust / {versus}", "≤ 1.0", f"{ratio_u:.2f} ({a['stripped'] / 1e6:.1f} MB / {b_['stripped'] / 1e6:.1f} MB)", verdict(ratio_u <= 1.0)))
        a, b_ = u["binary_bytes"].get("doc2rust no-TLS 3 calls"), u["binary_bytes"]["progenitor 3 calls"]
        if a:
            rows.append(("Release binary (stripped), doc2rust no-TLS / progenitor (neither speaks https)", "(no target)", f"{a['stripped'] / b_['stripped']:.2f} ({a['stripped'] / 1e6:.2f} MB / {b_['stripped'] / 1e6:.2f} MB)", ""))
        for feature in ("rustls-ring", "rustls-graviola"):
            label = f"doc2rust {feature} 3 calls"
            if label in u["clean_ms"] and label in u["binary_bytes"]:
                clean_ratio = u["clean_ms"][label]["median"] / u["clean_ms"]["doc2rust 3 calls"]["median"]
                binary_ratio = u["binary_bytes"][label]["stripped"] / u["binary_bytes"]["doc2rust 3 calls"]["stripped"]
                rows.append((f"doc2rust's `{feature}` feature / its default `rustls` (aws-lc): clean build, binary", "(no target)", f"{clean_ratio:.2f}, {binary_ratio:.2f}", ""))
        deps = u["dependencies"]
        no_tls_deps = f" (no-TLS {deps['doc2rust no-TLS']})" if "doc2rust no-TLS" in deps else ""
        rows.append(("Dependencies (default features): doc2rust / progenitor / progenitor+tls", "(no target)", f"{deps['doc2rust']}{no_tls_deps} / {deps['progenitor']} / {deps['progenitor+tls']}", ""))
        ps = u["per_call"]["per_second"]
        for kind in ("get", "post"):
            ratio_u = ps[f"sdk {kind}"]["median"] / ps[f"reqwest {kind}"]["median"]
            rows.append((f"Calls per second, doc2rust / hand-written reqwest ({kind.upper()})", "≥ 0.95", f"{ratio_u:.2f}", verdict(ratio_u >= 0.95)))
    b = s["build_script"]
    example = b["noop"]["no-op: build-script example"]
    baseline = b["noop"]["no-op: generated/ (no build script)"]
    above = example["median"] - baseline["median"]
    rows.append(("No-op rebuild with build.rs, above cargo's own no-op", "< 100 ms", f"{above:+.0f} ms", verdict(above < 100)))

    add("## Summary")
    add("")
    add("| Benchmark | Target | Measured | |")
    add("| --- | --- | --- | --- |")
    for row in rows:
        add("| " + " | ".join(row) + " |")
    add("")

    add("## 1. Generation time")
    add("")
    add("Whole process, every output folder removed before each run (both tools write a whole")
    add("crate). cargo-progenitor is timed as its binary (`cargo-progenitor progenitor ...`, as")
    add("`cargo progenitor` runs it, minus cargo's own start-up); it runs `rustc -V` and rustfmt")
    add("itself, which is part of its process.")
    add("")
    add("| Command | Time |")
    add("| --- | --- |")
    for label, value in g.items():
        add(f"| {label} | {fmt_ms(value, 1)} |")
    add("")
    add(f"cargo-progenitor / doc2rust on the 2021 API: **{ratio:.1f}x** (minimums: {ratio_min:.1f}x).")
    add("")
    add("Commands (`hyperfine` runs each with the `--prepare` step first; the commands take turns")
    add("in rounds, so that a slow spell of this shared VM weighs on all of them alike):")
    add("")
    add("```sh")
    cmd = r["commands"]["generation"]
    add(cmd["hyperfine"].replace(ROOT + "/", ""))
    add("```")
    add("")
    add("Phases inside doc2rust (`doc2rust generate --timings`, median of each phase over the runs):")
    add("")
    add("| Phase | 2021 pages | `specs/` |")
    add("| --- | --- | --- |")
    p21 = s["generation"]["phases 2021"]
    psp = s["generation"]["phases specs"]
    for phase in PHASES + ("total",):
        add(f"| {phase} | {fmt_ms(p21.get(phase), 2)} | {fmt_ms(psp.get(phase), 2)} |")
    add("")
    add("`read` finds and reads the pages; `parse` is the page grammar; `model` is lowering,")
    add("unification and naming of types and the overrides; `emit` builds tokens (doc prose goes")
    add("through pulldown-cmark here); `format` is `syn` + `prettyplease`; `write` compares with the")
    add("output folder and writes what changed. The process total above also has start-up and exit.")
    add("")

    add("## 2. Cost against the floor")
    add("")
    add("The floor (`bench/src/floor.rs`, `pulldown-floor DIR`) reads the same pages and runs")
    add("`pulldown_cmark::Parser::new_ext(..).into_offset_iter()` over each, nothing else.")
    add("")
    add("| Pages | doc2rust | floor | ratio |")
    add("| --- | --- | --- | --- |")
    add(f"| 2021 ({count_pages(PAGES_2021)}) | {fmt_ms(d2r, 1)} | {fmt_ms(floor_2021, 1)} | {cost_2021:.1f}x |")
    add(f"| `specs/` ({count_pages('specs')}) | {fmt_ms(specs, 1)} | {fmt_ms(floor_specs, 1)} | {cost_specs:.1f}x |")
    for size, v in sc.items():
        add(f"| synthetic {int(size):,} | {fmt_ms(v['wall_ms'])} | {fmt_ms(v['floor_ms'])} | {v['wall_ms']['median'] / v['floor_ms']['median']:.1f}x |")
    add("")

    add("## 3. Scaling")
    add("")
    add("`python3 bench/synth.py specs DIR N` makes N pages from the 45 real ones: copy k renames")
    add("every field, parameter, path segment and several-word custom verb with a `t{k}` prefix, so")
    add("objects unify within a copy and never across copies (enums with the same values still do).")
    add("Peak memory is the process's maximum resident set (`wait4`).")
    add("")
    add("| Pages | Input | Time | ms / page | Peak memory | Types | Generated lines |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for size, v in sc.items():
        w = v["wall_ms"]
        add(f"| {int(size):,} | {v['pages_bytes'] / 1e6:.1f} MB | {fmt_ms(w)} | {w['median'] / int(size):.2f} | {v['peak_rss_mib']['median']:.0f} MiB ({v['peak_rss_mib']['min']:.0f} / {v['peak_rss_mib']['max']:.0f}) | {v['types']:,} | {v['generated_lines']:,} |")
    add("")
    add("Phases (median ms) and how each grows from the smallest to the largest corpus")
    add("(n^1.00 is linear):")
    add("")
    sizes = list(sc.keys())
    add("| Phase | " + " | ".join(f"{int(x):,} pages" for x in sizes) + " | growth |")
    add("| --- | " + " | ".join("---" for _ in sizes) + " | --- |")
    for phase in PHASES + ("total",):
        values = [sc[x]["phases"].get(phase, {}).get("median") for x in sizes]
        growth = ""
        if values[0] and values[-1] and len(sizes) > 1:
            growth = f"n^{math.log(values[-1] / values[0]) / math.log(int(sizes[-1]) / int(sizes[0])):.2f}"
        add(f"| {phase} | " + " | ".join(f"{v:.1f}" if v is not None else "n/a" for v in values) + f" | {growth} |")
    add("")
    add("Commands:")
    add("")
    add("```sh")
    for size, v in sc.items():
        add(f"python3 bench/synth.py specs {rel(os.path.join(WORK, 'corpus', f'pages-{size}'))} {size}")
        add(v["command"])
    add("```")
    add("")

    if c:
        add("## 4. Compile cost of the generated crate")
        add("")
        add("Each crate is generated for the 2021 API, copied under `target/bench/compile/` with an")
        add("empty `[workspace]`, built once for its dependencies, then timed: `touch src/lib.rs &&")
        add("cargo build` (dev profile) with `CARGO_INCREMENTAL=0`, the two crates taking turns in")
        add("rounds. The frontend / codegen split is from `cargo build --timings`.")
        add("")
        add("| Crate | cargo build | frontend | codegen | Rust lines (non-blank) | of which runtime | Types |")
        add("| --- | --- | --- | --- | --- | --- | --- |")
        for name, v in c.items():
            t = v["timings"] or {"sections_ms": {}}
            runtime = v["lines"] - v["lines_without_runtime"]
            add(f"| {name} | {fmt_ms(v['build_ms'], 0)} | {t['sections_ms'].get('frontend', 'n/a')} ms | {t['sections_ms'].get('codegen', 'n/a')} ms | {v['lines']:,} | {runtime:,} | {v['types']} |")
        add("")
        add(f"doc2rust / progenitor: **{cr:.2f}**. doc2rust's crate carries its runtime (`src/runtime/`,")
        add("compiled with the crate); progenitor's runtime is the `progenitor-client` dependency,")
        add("prebuilt here. The runtime's functions are `#[inline]`: a debug build compiles them to")
        add("machine code in the program that calls them, not in the crate; section 6 times the")
        add("programs, so that this moves no cost out of sight.")
        add("")
        add("```sh")
        add(r["commands"]["compile"]["hyperfine"].replace(ROOT + "/", ""))
        add("```")
        add("")

    add("## 5. build.rs")
    add("")
    add("`tests/build-script-example` regenerates its SDK from `pages/` in `build.rs`. A no-op")
    add("rebuild is compared with the no-op rebuild of `generated/` (the same dependencies, no build")
    add("script): the difference is what the build script's `rerun-if-changed` checks cost.")
    add("")
    add("| Command | Time |")
    add("| --- | --- |")
    for label, value in b["noop"].items():
        add(f"| {label} | {fmt_ms(value, 1)} |")
    for key, value in b.items():
        if key.startswith("page "):
            run_ms = value["build_script_run"]["duration_ms"] if value["build_script_run"] else "n/a"
            crate_ms = value["crate"]["duration_ms"] if value["crate"] else "n/a"
            add(f"| {key[5:]}: one page changed | {fmt_ms(value['timed'], 0)}; build script ran {run_ms} ms, crate compiled {crate_ms} ms |")
    add("")
    add(f"No-op above cargo's own overhead: **{above:+.0f} ms** (medians).")
    add("")
    add("```sh")
    add(r["commands"]["build-script-noop"]["hyperfine"].replace(ROOT + "/", ""))
    for key in r["commands"]:
        if key.startswith("build-script-page"):
            add(r["commands"][key]["hyperfine"].replace(ROOT + "/", ""))
    add("```")
    add("")
    add("The page edit toggles a suffix on the title of `" + EDITED_PAGE + "` (restored afterwards).")
    add("")
    if u:
        add("## 6. What users pay")
        add("")
        add("A program using each crate for the 2021 API (`bench/consumers/`: build a client, start")
        add("3 or 20 calls), built under `target/bench/user/` with the crate's default features.")
        add("progenitor's crate turns reqwest's default features off, TLS included, so as generated")
        add("it cannot call an https API; its README has users add `reqwest` themselves, which")
        add("brings reqwest's default TLS: that program is `progenitor+tls`. `doc2rust no-TLS` turns")
        add("doc2rust's default features off (`default-features = false`: no TLS, plain http only), so")
        add("that it can do what progenitor's crate as generated can do, and no more. `doc2rust")
        add("rustls-ring` and `doc2rust rustls-graviola` swap the default TLS feature for the crate's")
        add("`rustls-ring` or `rustls-graviola` (rustls with ring, or with graviola, pure Rust, as its")
        add("crypto provider instead of aws-lc), for their clean build and binary.")
        add("")
        add("**Rebuild after an edit** (`const EDIT` in `main.rs` changed before each run, dev")
        add("profile, incremental compilation on as cargo's default, everything else built):")
        add("")
        add("| Program | cargo build |")
        add("| --- | --- |")
        for label, value in u["rebuild_ms"].items():
            add(f"| {label} | {fmt_ms(value, 0)} |")
        add("")
        add("**Clean build** (an empty target folder, sources fetched beforehand; dev profile):")
        add("")
        add("| Program | cargo build | units built |")
        add("| --- | --- | --- |")
        for label, value in u["clean_ms"].items():
            add(f"| {label} | {fmt_ms(value, 0)} | {u['clean_units'].get(label) or 'n/a'} |")
        add("")
        add("**Release binary** of the three-call program (`cargo build --release`, then `strip`):")
        add("")
        add("| Program | release | stripped |")
        add("| --- | --- | --- |")
        for label, value in u["binary_bytes"].items():
            add(f"| {label} | {value['release'] / 1e6:.2f} MB | {value['stripped'] / 1e6:.2f} MB |")
        add("")
        deps = u["dependencies"]
        add(f"**Dependencies** with default features (packages in `cargo tree -e normal,build`, the crate")
        add(f"itself not counted): doc2rust {deps['doc2rust']}, progenitor {deps['progenitor']}, progenitor with")
        add(f"reqwest's default features {deps['progenitor+tls']}" + (f"; doc2rust without default features {deps['doc2rust no-TLS']}." if "doc2rust no-TLS" in deps else "."))
        add("")
        pc = u["per_call"]
        add("**Each call** (`bench/percall/main.rs`, release): doc2rust's client against a hand-written")
        add("reqwest call sending the same request (URL, bearer token, `Accept`, the JSON body) and")
        add("decoding the answer into the same type, to a local axum server in its own process, one")
        add("call at a time on one connection; a GET of a contact, and a POST of a card message with")
        add("two choices. Calls per second are per round (the kinds taking turns); allocations are")
        add("counted by a global allocator in the calling process.")
        add("")
        add("| Call | calls / s | allocations / call |")
        add("| --- | --- | --- |")
        for kind, value in pc["per_second"].items():
            allocs = pc["allocations"][kind]["median"]
            add(f"| {kind} | {value['median']:.0f} ({value['min']:.0f} / {value['max']:.0f}, {value['runs']} rounds) | {allocs:.0f} |")
        add("")
        add("```sh")
        for key in ("user-rebuild", "user-clean"):
            add(r["commands"][key]["hyperfine"].replace(ROOT + "/", ""))
        add(pc["command"])
        add("```")
        add("")
        for note in r.get("notes", []):
            add(note)
            add("")
    # Profiles and conclusions are written by hand; the harness only carries them along.
    analysis = os.path.join(ROOT, "bench", "analysis.md")
    if os.path.exists(analysis):
        with open(analysis, encoding="utf-8") as handle:
            add(handle.read().rstrip("\n"))
        add("")
    return "\n".join(lines)


def no_tls_row(what, timings, calls):
    """The like-for-like row: doc2rust's crate without TLS against progenitor's as generated
    (neither can call an https API). Informative, no target: users of an https API need TLS."""
    a, b = timings.get(f"doc2rust no-TLS {calls} calls"), timings.get(f"progenitor {calls} calls")
    if not a or not b:
        return []
    ratio = a["median"] / b["median"]
    return [(f"{what}, doc2rust no-TLS / progenitor (neither speaks https)", "(no target)", f"{ratio:.2f} (min {a['min'] / b['min']:.2f})", "")]


def growth_exponent(scaling, small, large):
    a = scaling[small]["wall_ms"]["median"]
    b = scaling[large]["wall_ms"]["median"]
    return math.log(b / a) / math.log(int(large) / int(small))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and no 10,000-page corpus")
    parser.add_argument("--skip-compile", action="store_true", help="leave out the compile-cost and user-cost benchmarks")
    parser.add_argument("--fresh-corpora", action="store_true", help="remake the synthetic corpora")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report path, or - for stdout")
    parser.add_argument("--render", action="store_true", help="only rewrite the report from target/bench/results.json")
    parser.add_argument("--toggle-page", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bump", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--only-users", action="store_true", help="run only section 6 (what users pay) and merge it into target/bench/results.json")
    args = parser.parse_args()
    if args.toggle_page:
        toggle_page()
        return
    if args.bump:
        bump(args.bump)
        return
    if args.only_users:
        Bench(args).only_users()
        return
    if args.render:
        with open(os.path.join(WORK, "results.json")) as handle:
            report = render(json.load(handle))
        with open(os.path.join(ROOT, args.output), "w") as handle:
            handle.write(report)
        return
    Bench(args).all()


if __name__ == "__main__":
    main()
