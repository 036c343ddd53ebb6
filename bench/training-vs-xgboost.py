"""Benchmark helper for bench/training-vs-xgboost.ts (run with Debian's /usr/bin/python3).

Reads train.csv / test.csv (features + `label`, empty = missing), trains xgboost (hist; nthread 1 and 2)
and scikit-learn HistGradientBoostingClassifier with the given hyperparameters, and prints one JSON
object per learner: {"learner", "rocAuc", "seconds"} (wall time of fitting only).
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
import xgboost as xgb


def load(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1, filling_values=np.nan, missing_values="")
    return data[:, :-1].astype(np.float32), data[:, -1].astype(np.int32)


def main():
    split_dir, trees, depth, lr, bins, min_leaf, reg_lambda, subsample, colsample, repeats = sys.argv[1:11]
    trees, depth, bins, min_leaf, repeats = int(trees), int(depth), int(bins), int(min_leaf), int(repeats)
    lr, reg_lambda, subsample, colsample = float(lr), float(reg_lambda), float(subsample), float(colsample)
    x_train, y_train = load(f"{split_dir}/train.csv")
    x_test, y_test = load(f"{split_dir}/test.csv")

    def timed(make):
        best, auc = float("inf"), None
        for i in range(repeats + 1):
            model = make()
            start = time.perf_counter()
            model.fit(x_train, y_train)
            if i > 0:  # the first fit is a warm-up, as for ours
                best = min(best, time.perf_counter() - start)
            auc = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
        return auc, best

    for nthread in (1, 2):
        auc, secs = timed(lambda: xgb.XGBClassifier(
            n_estimators=trees, max_depth=depth, learning_rate=lr, max_bin=bins, tree_method="hist",
            reg_lambda=reg_lambda, min_child_weight=1e-3, subsample=subsample, colsample_bytree=colsample,
            n_jobs=nthread, random_state=0))
        print(json.dumps({"learner": f"xgboost hist (nthread {nthread})", "rocAuc": auc, "seconds": secs}))
    auc, secs = timed(lambda: HistGradientBoostingClassifier(
        max_iter=trees, max_depth=depth, learning_rate=lr, max_bins=min(bins, 255) - 1, l2_regularization=reg_lambda,
        min_samples_leaf=min_leaf, max_leaf_nodes=None, early_stopping=False, random_state=0))
    # sklearn has no row subsampling; it grows the same depth with the same learning rate and bins.
    print(json.dumps({"learner": "sklearn HistGradientBoostingClassifier", "rocAuc": auc, "seconds": secs}))


if __name__ == "__main__":
    main()
