SELECT hf.revoke_reading($1, r) FROM unnest($2::text[]) AS r
