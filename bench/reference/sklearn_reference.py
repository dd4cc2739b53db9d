#!/usr/bin/python3
"""Reference classifier for bench/classifier.bench.ts: scikit-learn TF-IDF (word 1-2-grams + char_wb
2-5-grams, sublinear tf) + LinearSVC (C=1), one model per label, trained on one history-jsonl file and
tested on another. Prints one JSON line with accuracy, macro-F1, training seconds, predictions per second
and peak memory. Run with Debian's Python (apt-get install python3-sklearn):

    /usr/bin/python3 bench/reference/sklearn_reference.py TRAIN.jsonl TEST.jsonl
"""
import json
import resource
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

LABELS = ("category", "subcategory", "recipient")


def read(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main(train_path, test_path):
    train, test = read(train_path), read(test_path)
    started = time.process_time()
    wall_started = time.perf_counter()
    vectorizer = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ])
    train_matrix = vectorizer.fit_transform([case["text"] for case in train])
    models = {}
    for label in LABELS:
        rows = [index for index, case in enumerate(train) if case.get(label)]
        if len({train[index][label] for index in rows}) < 2:
            continue
        model = LinearSVC(C=1.0)
        model.fit(train_matrix[rows], [train[index][label] for index in rows])
        models[label] = model
    train_seconds = time.process_time() - started
    train_wall_seconds = time.perf_counter() - wall_started

    predict_started = time.process_time()
    test_matrix = vectorizer.transform([case["text"] for case in test])
    predictions = {label: model.predict(test_matrix) for label, model in models.items()}
    predict_seconds = time.process_time() - predict_started

    result = {"n": len(test), "features": train_matrix.shape[1]}
    for label, predicted in predictions.items():
        rows = [index for index, case in enumerate(test) if case.get(label)]
        if not rows:
            continue
        truth = [test[index][label] for index in rows]
        guess = [predicted[index] for index in rows]
        result[label] = {
            "n": len(rows),
            "accuracy": round(accuracy_score(truth, guess), 4),
            "macroF1": round(f1_score(truth, guess, average="macro", zero_division=0), 4),
        }
    result["trainCpuSeconds"] = round(train_seconds, 2)
    result["trainWallSeconds"] = round(train_wall_seconds, 2)
    result["predictPerSecond"] = round(len(test) / predict_seconds) if predict_seconds > 0 else None
    result["peakRssMB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sklearn_reference.py TRAIN.jsonl TEST.jsonl")
    main(sys.argv[1], sys.argv[2])
