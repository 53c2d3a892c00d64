"""RailFleet's forecasters against statsmodels' Holt-Winters and Theta on five classic
monthly series (AirPassengers, wineind, sunspots since 1964, El Nino, CO2 since 1972),
the last 18 months held back as in the M3 competition: MASE (scaled by the in-sample
seasonal naive) and sMAPE per series and on average.

    python3 -m venv /tmp/sm && /tmp/sm/bin/pip install statsmodels pmdarima
    /tmp/sm/bin/python Benchmarks/forecasts/compare_statsmodels.py .build/release/railfleet

The series come with pmdarima and statsmodels; nothing is downloaded at run time.
"""
import json, os, subprocess, sys, tempfile, warnings
import numpy as np, pandas as pd
import pmdarima.datasets as d
import statsmodels.api as sm
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.forecasting.theta import ThetaModel
warnings.filterwarnings("ignore")
H = 18
CSV = os.path.join(tempfile.mkdtemp(), "series.csv")
series = {}
series["airpassengers"] = (np.asarray(d.load_airpassengers(), float), 1949)
series["wineind"] = (np.asarray(d.load_wineind(), float), 1980)
sun = np.asarray(d.load_sunspots(), float)
series["sunspots-1964"] = (sun[-240:], 1964)
el = sm.datasets.elnino.load_pandas().data.drop(columns=["YEAR"]).values.flatten()
series["elnino"] = (el.astype(float), 1950)
co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
series["co2"] = (co2.values[-360:], 1972)
rows = ["series,period,value"]
for name, (v, y0) in series.items():
    for i, x in enumerate(v):
        rows.append(f"{name},{y0 + i // 12:04d}-{i % 12 + 1:02d},{x}")
open(CSV, "w").write("\n".join(rows) + "\n")

def mase(a, f, train, m=12):
    naive = np.mean(np.abs(train[m:] - train[:-m]))
    return np.mean(np.abs(a - f)) / naive
def smape(a, f):
    d = np.abs(a) + np.abs(f)
    return np.mean(np.where(d == 0, 0, 200 * np.abs(a - f) / d))

out = subprocess.run([sys.argv[1], "ml", "forecast-csv", CSV, "--horizon", str(H), "--holdout", str(H), "--json"], capture_output=True, text=True)
ours = json.loads(out.stdout)
table = []
for s in ours["series"]:
    name = s["id"]; v = series[name][0]; train, test = v[:-H], v[-H:]
    res = {"railfleet " + k: (x["mase"], x["smape"]) for k, x in s["holdout"].items() if k in ("ets", "theta", "seasonal-naive")}
    res["railfleet chosen (" + s["method"] + ")"] = None
    hw = ExponentialSmoothing(train, trend="add", damped_trend=True, seasonal="add", seasonal_periods=12).fit()
    f = hw.forecast(H); res["statsmodels HW add-damped"] = (mase(test, f, train), smape(test, f))
    if (train > 0).all():
        hwm = ExponentialSmoothing(train, trend="add", damped_trend=True, seasonal="mul", seasonal_periods=12).fit()
        f = hwm.forecast(H); res["statsmodels HW mul-season"] = (mase(test, f, train), smape(test, f))
    th = ThetaModel(train, period=12).fit()
    f = np.asarray(th.forecast(H)); res["statsmodels Theta"] = (mase(test, f, train), smape(test, f))
    table.append((name, res))
print(json.dumps(ours.get("overall"), indent=1))
for name, res in table:
    print(name)
    for k, r in res.items():
        if r: print(f"  {k:34s} MASE {r[0]:.3f}  sMAPE {r[1]:.2f}")
# means
keys = ["railfleet ets", "railfleet theta", "railfleet seasonal-naive", "statsmodels HW add-damped", "statsmodels Theta"]
for k in keys:
    vals = [res[k] for _, res in table if res.get(k)]
    print(f"MEAN {k:32s} MASE {np.mean([x[0] for x in vals]):.3f} sMAPE {np.mean([x[1] for x in vals]):.2f} n={len(vals)}")
