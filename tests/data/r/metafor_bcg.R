# Reference for tests/test_meta.py: metafor's BCG vaccine example (Viechtbauer 2010) and
# escalc's effect-size conversions on metafor's own data sets.
# Run from the repository root: Rscript tests/data/r/metafor_bcg.R   (metafor 3.8-1)
library(metafor)
dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
write.csv(data.frame(trial = dat$trial, author = dat$author, year = dat$year, tpos = dat$tpos,
                     tneg = dat$tneg, cpos = dat$cpos, cneg = dat$cneg, ablat = dat$ablat,
                     alloc = dat$alloc, yi = as.numeric(dat$yi), vi = as.numeric(dat$vi)),
          "tests/data/bcg.csv", row.names = FALSE)
rows <- list()
for (method in c("REML", "DL", "PM", "FE")) {
  fit <- rma(yi, vi, data = dat, method = method)
  ci <- if (method == "FE") c(NA, NA) else confint(fit)$random["tau^2", c("ci.lb", "ci.ub")]
  pr <- predict(fit)
  rows[[method]] <- data.frame(method = method, estimate = as.numeric(fit$beta), se = fit$se,
                               ci_low = fit$ci.lb, ci_high = fit$ci.ub, tau2 = fit$tau2, i2 = fit$I2,
                               h2 = fit$H2, q = fit$QE, q_p = fit$QEp, tau2_ci_low = ci[1], tau2_ci_high = ci[2],
                               pi_low = if (is.null(pr$pi.lb)) NA else pr$pi.lb,
                               pi_high = if (is.null(pr$pi.ub)) NA else pr$pi.ub)
}
write.csv(do.call(rbind, rows), "tests/data/bcg_rma.csv", row.names = FALSE)
# meta-regression: rma(yi, vi, mods = ~ ablat, data = dat, method = "REML")
reg <- rma(yi, vi, mods = ~ ablat, data = dat, method = "REML")
write.csv(data.frame(term = c("intercept", "ablat"), estimate = as.numeric(reg$beta), se = reg$se,
                     tau2 = reg$tau2, r2 = reg$R2, qm = reg$QM, qm_p = reg$QMp),
          "tests/data/bcg_metareg.csv", row.names = FALSE)
# a categorical moderator (treatment coding, first level "alternate" as reference):
# rma(yi, vi, mods = ~ alloc, data = dat, method = "REML")
cat_reg <- rma(yi, vi, mods = ~ alloc, data = dat, method = "REML")
write.csv(data.frame(term = rownames(cat_reg$beta), estimate = as.numeric(cat_reg$beta), se = cat_reg$se,
                     tau2 = cat_reg$tau2, qm = cat_reg$QM),
          "tests/data/bcg_metareg_alloc.csv", row.names = FALSE)
# Egger: regtest(rma(yi, vi, data = dat, method = "REML"), model = "lm")
eg <- regtest(rma(yi, vi, data = dat, method = "REML"), model = "lm")
write.csv(data.frame(z = eg$zval, p = eg$pval, limit = eg$est), "tests/data/bcg_egger.csv", row.names = FALSE)
# leave1out(rma(yi, vi, data = dat, method = "REML"))
l1o <- leave1out(rma(yi, vi, data = dat, method = "REML"))
write.csv(data.frame(estimate = l1o$estimate, se = l1o$se, tau2 = l1o$tau2, i2 = l1o$I2),
          "tests/data/bcg_leave1out.csv", row.names = FALSE)
# conversions: escalc("OR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
or <- escalc("OR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
smd <- escalc("SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat.normand1999)
zc <- escalc("ZCOR", ri = ri, ni = ni, data = dat.molloy2014)
write.csv(data.frame(yi = as.numeric(or$yi), vi = as.numeric(or$vi)), "tests/data/bcg_log_or.csv", row.names = FALSE)
write.csv(data.frame(m1i = smd$m1i, sd1i = smd$sd1i, n1i = smd$n1i, m2i = smd$m2i, sd2i = smd$sd2i, n2i = smd$n2i,
                     yi = as.numeric(smd$yi), vi = as.numeric(smd$vi)),
          "tests/data/normand1999_smd.csv", row.names = FALSE)
write.csv(data.frame(ri = zc$ri, ni = zc$ni, yi = as.numeric(zc$yi), vi = as.numeric(zc$vi)),
          "tests/data/molloy2014_zcor.csv", row.names = FALSE)
