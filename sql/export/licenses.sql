-- Every licence id the Hub offers, with its class.
SELECT license_id, name, spdx_id, class, commercial_use, source FROM hf.licenses
ORDER BY license_id
