"""Queries in the style of Open Dental's published query examples, run against practice.py."""

from __future__ import annotations

CORPUS: list[tuple[str, str]] = [
    (
        "seed 000 aging recipe",
        "SET @ClinicNum=1; SELECT patnum, estbalance, bal_0_30, bal_31_60, bal_61_90, balover90, insest, baltotal FROM patient WHERE patnum=guarantor and clinicnum=@ClinicNum AND ( estbalance>0 OR bal_0_30>0 OR bal_31_60>0 OR bal_61_90>0 OR balover90>0 OR insest>0 OR baltotal>0)",
    ),
    ("seed 000 apikey", "SELECT CustApiKey FROM apikey WHERE DevName='YourName';"),
    (
        "production by provider",
        "SET @FromDate='2024-01-01', @ToDate='2024-12-31'; SELECT pv.Abbr, COUNT(*) AS Procs, SUM(pl.ProcFee*pl.UnitQty) AS Production FROM procedurelog pl INNER JOIN provider pv ON pv.ProvNum=pl.ProvNum WHERE pl.ProcStatus=2 AND pl.ProcDate BETWEEN @FromDate AND @ToDate GROUP BY pv.ProvNum, pv.Abbr ORDER BY pv.Abbr",
    ),
    (
        "production by clinic",
        "SELECT c.Abbr, ROUND(SUM(pl.ProcFee),2) AS Prod FROM procedurelog pl JOIN clinic c ON c.ClinicNum=pl.ClinicNum WHERE pl.ProcStatus=2 GROUP BY c.ClinicNum, c.Abbr ORDER BY Prod DESC",
    ),
    (
        "production by month",
        "SELECT DATE_FORMAT(ProcDate,'%Y-%m') AS Month, SUM(ProcFee) AS Total FROM procedurelog WHERE ProcStatus=2 AND YEAR(ProcDate)=2024 GROUP BY DATE_FORMAT(ProcDate,'%Y-%m') ORDER BY Month",
    ),
    (
        "production by code",
        "SELECT pc.ProcCode, pc.Descript, COUNT(*) AS Qty, SUM(pl.ProcFee) AS Fees FROM procedurelog pl INNER JOIN procedurecode pc ON pc.CodeNum=pl.CodeNum WHERE pl.ProcStatus=2 GROUP BY pc.CodeNum, pc.ProcCode, pc.Descript ORDER BY pc.ProcCode",
    ),
    (
        "patients with balances",
        "SELECT PatNum, LName, FName, BalTotal FROM patient WHERE PatNum=Guarantor AND BalTotal>0 ORDER BY BalTotal DESC",
    ),
    (
        "credit balances",
        "SELECT CONCAT(LName, ', ', FName) AS Patient, BalTotal FROM patient WHERE Guarantor=PatNum AND BalTotal<0",
    ),
    (
        "family members",
        "SELECT g.LName AS GuarLName, COUNT(p.PatNum) AS Members FROM patient p INNER JOIN patient g ON g.PatNum=p.Guarantor GROUP BY g.PatNum, g.LName ORDER BY Members DESC, GuarLName",
    ),
    ("aging over 90", "SELECT PatNum, BalOver90 FROM patient WHERE BalOver90 > 0"),
    (
        "aging totals",
        "SELECT SUM(Bal_0_30) AS `0-30`, SUM(Bal_31_60) AS `31-60`, SUM(Bal_61_90) AS `61-90`, SUM(BalOver90) AS `90+`, SUM(BalTotal) AS Total, SUM(InsEst) AS InsEst FROM patient WHERE PatNum=Guarantor",
    ),
    (
        "appointments by status",
        "SELECT AptStatus, COUNT(*) AS Count FROM appointment GROUP BY AptStatus ORDER BY AptStatus",
    ),
    (
        "scheduled appointments in range",
        "SET @Start='2024-12-01', @End='2024-12-31'; SELECT a.AptNum, p.LName, DATE_FORMAT(a.AptDateTime, '%m/%d/%Y %H:%i') AS Appt FROM appointment a JOIN patient p ON p.PatNum=a.PatNum WHERE a.AptStatus=1 AND DATE(a.AptDateTime) BETWEEN @Start AND @End ORDER BY a.AptDateTime",
    ),
    (
        "broken appointments",
        "SELECT p.PatNum, p.FName, a.AptDateTime FROM appointment a INNER JOIN patient p ON a.PatNum=p.PatNum WHERE a.AptStatus=5",
    ),
    ("unscheduled list", "SELECT PatNum FROM appointment WHERE AptStatus=3"),
    (
        "appointments per provider",
        "SELECT pv.Abbr, SUM(CASE WHEN a.AptStatus=2 THEN 1 ELSE 0 END) AS Completed, SUM(CASE WHEN a.AptStatus=1 THEN 1 ELSE 0 END) AS Scheduled FROM provider pv LEFT JOIN appointment a ON a.ProvNum=pv.ProvNum GROUP BY pv.ProvNum, pv.Abbr ORDER BY pv.Abbr",
    ),
    (
        "recall: no visit in 6 months",
        "SELECT p.PatNum, p.LName, MAX(pl.ProcDate) AS LastVisit FROM patient p INNER JOIN procedurelog pl ON pl.PatNum=p.PatNum AND pl.ProcStatus=2 WHERE p.PatStatus=0 GROUP BY p.PatNum, p.LName HAVING MAX(pl.ProcDate) < DATE_SUB('2024-12-31', INTERVAL 6 MONTH) ORDER BY p.PatNum",
    ),
    (
        "recall: due for prophy",
        "SELECT p.PatNum, MAX(pl.ProcDate) AS LastProphy, DATE_ADD(MAX(pl.ProcDate), INTERVAL 6 MONTH) AS Due FROM patient p JOIN procedurelog pl ON pl.PatNum=p.PatNum JOIN procedurecode pc ON pc.CodeNum=pl.CodeNum WHERE pc.ProcCode='D1110' AND pl.ProcStatus=2 GROUP BY p.PatNum ORDER BY p.PatNum",
    ),
    (
        "no future appointment",
        "SELECT p.PatNum FROM patient p WHERE p.PatStatus=0 AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.PatNum=p.PatNum AND a.AptStatus=1) ORDER BY p.PatNum",
    ),
    (
        "patient ages",
        "SELECT PatNum, TIMESTAMPDIFF(YEAR, Birthdate, '2024-06-30') AS Age FROM patient ORDER BY Age DESC",
    ),
    (
        "children",
        "SELECT PatNum, FName FROM patient WHERE TIMESTAMPDIFF(YEAR, Birthdate, '2024-06-30') < 18",
    ),
    (
        "birthdays in a month",
        "SELECT LName, FName, DATE_FORMAT(Birthdate, '%m/%d') AS Birthday FROM patient WHERE MONTH(Birthdate)=3",
    ),
    (
        "new patients by year",
        "SELECT YEAR(DateFirstVisit) AS Yr, COUNT(*) AS NewPats FROM patient WHERE DateFirstVisit > '1880-01-01' GROUP BY YEAR(DateFirstVisit) ORDER BY Yr",
    ),
    (
        "patients by city",
        "SELECT City, Zip, COUNT(*) AS Patients FROM patient GROUP BY City, Zip ORDER BY City, Zip",
    ),
    ("inactive patients", "SELECT PatNum, LName FROM patient WHERE PatStatus=2"),
    ("email list", "SELECT LName, FName, Email FROM patient WHERE Email LIKE '%@%' ORDER BY LName"),
    ("name search caseless", "SELECT PatNum FROM patient WHERE LName LIKE 'smi%' ORDER BY PatNum"),
    ("apostrophe names", "SELECT PatNum, LName FROM patient WHERE LName='O''Neil'"),
    (
        "payments in range",
        "SET @FromDate='2024-01-01'; SET @ToDate='2024-12-31'; SELECT PayDate, PayAmt, PatNum FROM payment WHERE PayDate BETWEEN @FromDate AND @ToDate ORDER BY PayDate",
    ),
    (
        "paysplits by provider",
        "SELECT ps.ProvNum, SUM(ps.SplitAmt) AS Collected FROM paysplit ps GROUP BY ps.ProvNum",
    ),
    (
        "income by payment type",
        "SELECT PayType, COUNT(*) AS N, SUM(PayAmt) AS Amount FROM payment GROUP BY PayType ORDER BY PayType",
    ),
    (
        "adjustments",
        "SELECT AdjNum, PatNum, AdjAmt FROM adjustment WHERE AdjAmt < 0 ORDER BY AdjNum",
    ),
    (
        "outstanding claims",
        "SELECT cp.ClaimNum, cp.PatNum, cp.InsPayEst, cp.WriteOff FROM claimproc cp WHERE cp.Status=0",
    ),
    (
        "insurance received",
        "SELECT SUM(InsPayAmt) AS Paid, SUM(WriteOff) AS WO FROM claimproc WHERE Status IN (1,4)",
    ),
    (
        "treatment planned",
        "SELECT p.LName, p.FName, pc.ProcCode, pl.ProcFee FROM procedurelog pl INNER JOIN patient p ON p.PatNum=pl.PatNum INNER JOIN procedurecode pc ON pc.CodeNum=pl.CodeNum WHERE pl.ProcStatus=1",
    ),
    (
        "ledger union",
        "SELECT PatNum, ProcDate AS TranDate, ProcFee AS Amt, 'Proc' AS Type FROM procedurelog WHERE ProcStatus=2 AND PatNum=3 UNION ALL SELECT PatNum, AdjDate, AdjAmt, 'Adj' FROM adjustment WHERE PatNum=3 ORDER BY TranDate",
    ),
    (
        "cte family totals",
        "WITH fees AS (SELECT PatNum, SUM(ProcFee) AS Fee FROM procedurelog WHERE ProcStatus=2 GROUP BY PatNum) SELECT p.Guarantor, SUM(f.Fee) AS FamilyFees FROM fees f JOIN patient p ON p.PatNum=f.PatNum GROUP BY p.Guarantor ORDER BY p.Guarantor",
    ),
    (
        "temp table",
        "DROP TEMPORARY TABLE IF EXISTS tmp; CREATE TEMPORARY TABLE tmp AS SELECT PatNum, SUM(ProcFee) AS Fees FROM procedurelog WHERE ProcStatus=2 GROUP BY PatNum; SELECT t.PatNum, t.Fees, p.LName FROM tmp t INNER JOIN patient p ON p.PatNum=t.PatNum WHERE t.Fees > 100 ORDER BY t.PatNum; DROP TEMPORARY TABLE IF EXISTS tmp;",
    ),
    (
        "subquery in select",
        "SELECT p.PatNum, (SELECT COUNT(*) FROM appointment a WHERE a.PatNum=p.PatNum) AS Appts FROM patient p ORDER BY p.PatNum",
    ),
    (
        "ifnull and if",
        "SELECT p.PatNum, IFNULL(CAST(MAX(a.AptDateTime) AS CHAR), 'never') AS LastAppt, IF(p.Gender=1,'F','M') AS Sex FROM patient p LEFT JOIN appointment a ON a.PatNum=p.PatNum AND a.AptStatus=2 GROUP BY p.PatNum, p.Gender ORDER BY p.PatNum",
    ),
    (
        "backticks and case",
        "SELECT `PatNum`, `LName` FROM `PATIENT` WHERE `ClinicNum`=2 ORDER BY `PatNum`",
    ),
    ("limit offset mysql style", "SELECT PatNum FROM patient ORDER BY PatNum LIMIT 2,3"),
    ("distinct", "SELECT DISTINCT City FROM patient ORDER BY City"),
    ("users without passwords", "SELECT UserNum, UserName FROM userod ORDER BY UserNum"),
    ("count star", "SELECT COUNT(*) FROM patient"),
    (
        "left and format",
        "SELECT LEFT(LName, 3) AS Pre, FORMAT(SUM(BalTotal), 2) AS Bal FROM patient WHERE PatNum=Guarantor GROUP BY LEFT(LName, 3) ORDER BY Pre",
    ),
]
