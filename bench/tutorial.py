"""The tutorial's multiprocessing program, without its sleeps, for the benchmark.

One run: 2 processes add 1 to a shared Value('i') 100 times each, then 2
processes add 1 to every element of a shared Array('d', [0.0, 100.0, 200.0])
100 times each. Unlocked, each += is a read and a write (the race); locked, a
multiprocessing.Lock guards each increment (each element, for the array), as
racedemo's lock does. Processes are started per run, as the tutorial does.

usage: python3 tutorial.py RUNS   -> one JSON document on stdout
"""
import json
import multiprocessing as mp
import sys
import time

ITERATIONS = 100
WORKERS = 2


def add_value(value, lock):
    for _ in range(ITERATIONS):
        if lock is None:
            value.value += 1
        else:
            with lock:
                value.value += 1


def add_array(numbers, lock):
    for _ in range(ITERATIONS):
        for k in range(len(numbers)):
            if lock is None:
                numbers[k] += 1
            else:
                with lock:
                    numbers[k] += 1


def run_all(target, args):
    processes = [mp.Process(target=target, args=args) for _ in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


def one_run(locked):
    lock = mp.Lock() if locked else None
    value = mp.Value('i', 0)
    numbers = mp.Array('d', [0.0, 100.0, 200.0])
    started = time.perf_counter()
    run_all(add_value, (value, lock))
    middle = time.perf_counter()
    run_all(add_array, (numbers, lock))
    ended = time.perf_counter()
    return {
        'valueMs': (middle - started) * 1000,
        'arrayMs': (ended - middle) * 1000,
        'runMs': (ended - started) * 1000,
        'value': value.value,
        'array': list(numbers[:]),
    }


def series(locked, runs):
    one_run(locked)  # warm-up: imports, the first fork
    results = [one_run(locked) for _ in range(runs)]
    expected_value = WORKERS * ITERATIONS
    expected_array = [x + WORKERS * ITERATIONS for x in (0.0, 100.0, 200.0)]
    return {
        'runs': runs,
        'runMs': [r['runMs'] for r in results],
        'valueMs': [r['valueMs'] for r in results],
        'arrayMs': [r['arrayMs'] for r in results],
        'valueRaces': sum(1 for r in results if r['value'] != expected_value),
        'arrayRaces': sum(1 for r in results if r['array'] != expected_array),
        'lastFinal': {'value': results[-1]['value'], 'array': results[-1]['array']},
    }


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    document = {
        'python': sys.version.split()[0],
        'startMethod': mp.get_start_method(),
        'unlocked': series(False, runs),
        'locked': series(True, runs),
    }
    json.dump(document, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
