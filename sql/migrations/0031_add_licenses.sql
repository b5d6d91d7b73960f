-- What a model's licence lets its users do. hf.licenses holds every licence id the Hub
-- offers in a card's `license:` field (the table in the Hub's documentation,
-- https://huggingface.co/docs/hub/repositories-licenses), each with its SPDX identifier
-- where the SPDX list has one, a class and whether it allows commercial use:
-- * permissive: use, change and share, also commercially, keeping the notices;
-- * copyleft: the same, but what is shared must be shared under the same terms;
-- * non-commercial: no commercial use (research, non-commercial or evaluation only);
-- * restricted: use-based terms (the RAIL family, the Llama and Gemma community licences,
--   a no-derivatives licence): commercial use allowed under conditions;
-- * unknown: `other`, `unknown` and families that do not say which member.
-- hf.models.license_class is the class of each model's licence as stored (the card's,
-- else the tag's), kept by every merge; an id the table does not list is 'unknown'.
CREATE TABLE hf.licenses (
    license_id     text PRIMARY KEY,
    name           text NOT NULL,
    spdx_id        text,
    class          text NOT NULL
        CHECK (class IN ('permissive', 'copyleft', 'non-commercial', 'restricted', 'unknown')),
    commercial_use text NOT NULL CHECK (commercial_use IN ('yes', 'no', 'conditional', 'unknown')),
    source         text NOT NULL
);
ALTER TABLE hf.licenses ENABLE ROW LEVEL SECURITY;

INSERT INTO hf.licenses (license_id, name, spdx_id, class, commercial_use, source) VALUES
    ('apache-2.0', 'Apache license 2.0', 'Apache-2.0', 'permissive', 'yes', 'OSI-approved'),
    ('mit', 'MIT', 'MIT', 'permissive', 'yes', 'OSI-approved'),
    ('openrail', 'OpenRAIL license family', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://huggingface.co/blog/open_rail'),
    ('bigscience-openrail-m', 'BigScience OpenRAIL-M', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://bigscience.huggingface.co/blog/bigscience-openrail-m'),
    ('creativeml-openrail-m', 'CreativeML OpenRAIL-M', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://huggingface.co/spaces/CompVis/stable-diffusion-license'),
    ('bigscience-bloom-rail-1.0', 'BigScience BLOOM RAIL 1.0', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://huggingface.co/spaces/bigscience/license'),
    ('bigcode-openrail-m', 'BigCode Open RAIL-M v1', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://www.bigcode-project.org/docs/pages/bigcode-openrail'),
    ('afl-3.0', 'Academic Free License v3.0', 'AFL-3.0', 'permissive', 'yes', 'OSI-approved'),
    ('artistic-2.0', 'Artistic license 2.0', 'Artistic-2.0', 'permissive', 'yes', 'OSI-approved'),
    ('bsl-1.0', 'Boost Software License 1.0', 'BSL-1.0', 'permissive', 'yes', 'OSI-approved'),
    ('bsd', 'BSD license family', NULL, 'permissive', 'yes',
     'every member of the family is permissive (OSI-approved)'),
    ('bsd-2-clause', 'BSD 2-clause "Simplified" license', 'BSD-2-Clause', 'permissive', 'yes',
     'OSI-approved'),
    ('bsd-3-clause', 'BSD 3-clause "New" or "Revised" license', 'BSD-3-Clause', 'permissive',
     'yes', 'OSI-approved'),
    ('bsd-3-clause-clear', 'BSD 3-clause Clear license', 'BSD-3-Clause-Clear', 'permissive',
     'yes', 'SPDX license list'),
    ('c-uda', 'Computational Use of Data Agreement', 'C-UDA-1.0', 'restricted', 'conditional',
     'limited to computational use of the data: https://github.com/microsoft/Computational-Use-of-Data-Agreement'),
    ('cc', 'Creative Commons license family', NULL, 'unknown', 'unknown',
     'the family holds permissive, share-alike and non-commercial members'),
    ('cc0-1.0', 'Creative Commons Zero v1.0 Universal', 'CC0-1.0', 'permissive', 'yes',
     'public domain dedication: https://creativecommons.org/publicdomain/zero/1.0/'),
    ('cc-by-2.0', 'Creative Commons Attribution 2.0', 'CC-BY-2.0', 'permissive', 'yes',
     'attribution only: https://creativecommons.org/licenses/'),
    ('cc-by-2.5', 'Creative Commons Attribution 2.5', 'CC-BY-2.5', 'permissive', 'yes',
     'attribution only: https://creativecommons.org/licenses/'),
    ('cc-by-3.0', 'Creative Commons Attribution 3.0', 'CC-BY-3.0', 'permissive', 'yes',
     'attribution only: https://creativecommons.org/licenses/'),
    ('cc-by-4.0', 'Creative Commons Attribution 4.0', 'CC-BY-4.0', 'permissive', 'yes',
     'attribution only: https://creativecommons.org/licenses/'),
    ('cc-by-sa-3.0', 'Creative Commons Attribution Share Alike 3.0', 'CC-BY-SA-3.0', 'copyleft',
     'yes', 'share-alike: https://creativecommons.org/licenses/'),
    ('cc-by-sa-4.0', 'Creative Commons Attribution Share Alike 4.0', 'CC-BY-SA-4.0', 'copyleft',
     'yes', 'share-alike: https://creativecommons.org/licenses/'),
    ('cc-by-nc-2.0', 'Creative Commons Attribution Non Commercial 2.0', 'CC-BY-NC-2.0',
     'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-3.0', 'Creative Commons Attribution Non Commercial 3.0', 'CC-BY-NC-3.0',
     'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-4.0', 'Creative Commons Attribution Non Commercial 4.0', 'CC-BY-NC-4.0',
     'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nd-4.0', 'Creative Commons Attribution No Derivatives 4.0', 'CC-BY-ND-4.0',
     'restricted', 'conditional', 'no derivatives: https://creativecommons.org/licenses/'),
    ('cc-by-nc-nd-3.0', 'Creative Commons Attribution Non Commercial No Derivatives 3.0',
     'CC-BY-NC-ND-3.0', 'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-nd-4.0', 'Creative Commons Attribution Non Commercial No Derivatives 4.0',
     'CC-BY-NC-ND-4.0', 'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-sa-2.0', 'Creative Commons Attribution Non Commercial Share Alike 2.0',
     'CC-BY-NC-SA-2.0', 'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-sa-3.0', 'Creative Commons Attribution Non Commercial Share Alike 3.0',
     'CC-BY-NC-SA-3.0', 'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cc-by-nc-sa-4.0', 'Creative Commons Attribution Non Commercial Share Alike 4.0',
     'CC-BY-NC-SA-4.0', 'non-commercial', 'no', 'non-commercial: https://creativecommons.org/licenses/'),
    ('cdla-sharing-1.0', 'Community Data License Agreement – Sharing, Version 1.0',
     'CDLA-Sharing-1.0', 'copyleft', 'yes', 'share-alike: https://cdla.dev/sharing-1-0/'),
    ('cdla-permissive-1.0', 'Community Data License Agreement – Permissive, Version 1.0',
     'CDLA-Permissive-1.0', 'permissive', 'yes', 'https://cdla.dev/permissive-1-0/'),
    ('cdla-permissive-2.0', 'Community Data License Agreement – Permissive, Version 2.0',
     'CDLA-Permissive-2.0', 'permissive', 'yes', 'https://cdla.dev/permissive-2-0/'),
    ('wtfpl', 'Do What The F*ck You Want To Public License', 'WTFPL', 'permissive', 'yes',
     'SPDX license list'),
    ('ecl-2.0', 'Educational Community License v2.0', 'ECL-2.0', 'permissive', 'yes', 'OSI-approved'),
    ('epl-1.0', 'Eclipse Public License 1.0', 'EPL-1.0', 'copyleft', 'yes', 'OSI-approved, weak copyleft'),
    ('epl-2.0', 'Eclipse Public License 2.0', 'EPL-2.0', 'copyleft', 'yes', 'OSI-approved, weak copyleft'),
    ('etalab-2.0', 'Etalab Open License 2.0', 'etalab-2.0', 'permissive', 'yes',
     'attribution only: https://www.etalab.gouv.fr/licence-ouverte-open-licence/'),
    ('eupl-1.1', 'European Union Public License 1.1', 'EUPL-1.1', 'copyleft', 'yes', 'OSI-approved'),
    ('eupl-1.2', 'European Union Public License 1.2', 'EUPL-1.2', 'copyleft', 'yes', 'OSI-approved'),
    ('agpl-3.0', 'GNU Affero General Public License v3.0', 'AGPL-3.0-only', 'copyleft', 'yes',
     'OSI-approved'),
    ('gfdl', 'GNU Free Documentation License family', NULL, 'copyleft', 'yes',
     'every member of the family is copyleft (FSF)'),
    ('gpl', 'GNU General Public License family', NULL, 'copyleft', 'yes',
     'every member of the family is copyleft (FSF)'),
    ('gpl-2.0', 'GNU General Public License v2.0', 'GPL-2.0-only', 'copyleft', 'yes', 'OSI-approved'),
    ('gpl-3.0', 'GNU General Public License v3.0', 'GPL-3.0-only', 'copyleft', 'yes', 'OSI-approved'),
    ('lgpl', 'GNU Lesser General Public License family', NULL, 'copyleft', 'yes',
     'every member of the family is weak copyleft (FSF)'),
    ('lgpl-2.1', 'GNU Lesser General Public License v2.1', 'LGPL-2.1-only', 'copyleft', 'yes',
     'OSI-approved, weak copyleft'),
    ('lgpl-3.0', 'GNU Lesser General Public License v3.0', 'LGPL-3.0-only', 'copyleft', 'yes',
     'OSI-approved, weak copyleft'),
    ('isc', 'ISC', 'ISC', 'permissive', 'yes', 'OSI-approved'),
    ('h-research', 'H Research License', NULL, 'non-commercial', 'no',
     'research use only: https://huggingface.co/Hcompany/Holo1-3B/blob/main/LICENSE'),
    ('intel-research', 'Intel Research Use License Agreement', NULL, 'non-commercial', 'no',
     'research use only: https://huggingface.co/OpenVINO/Llama-3.1-8B-Instruct-FastDraft-150M-int8-ov/blob/main/LICENSE.md'),
    ('lppl-1.3c', 'LaTeX Project Public License v1.3c', 'LPPL-1.3c', 'permissive', 'yes',
     'OSI-approved'),
    ('ms-pl', 'Microsoft Public License', 'MS-PL', 'copyleft', 'yes', 'OSI-approved, weak copyleft'),
    ('apple-ascl', 'Apple Sample Code license', NULL, 'permissive', 'yes',
     'https://developer.apple.com/support/downloads/terms/apple-sample-code/Apple-Sample-Code-License.pdf'),
    ('apple-amlr', 'Apple Model License for Research', NULL, 'non-commercial', 'no',
     'research use only: https://huggingface.co/apple/deeplabv3-mobilevit-small/blob/main/LICENSE'),
    ('mpl-2.0', 'Mozilla Public License 2.0', 'MPL-2.0', 'copyleft', 'yes', 'OSI-approved, weak copyleft'),
    ('odc-by', 'Open Data Commons License Attribution family', NULL, 'permissive', 'yes',
     'attribution only: https://opendatacommons.org/licenses/by/'),
    ('odbl', 'Open Database License family', NULL, 'copyleft', 'yes',
     'share-alike: https://opendatacommons.org/licenses/odbl/'),
    ('openmdw-1.0', 'Open Model, Data & Weights License Agreement', NULL, 'permissive', 'yes',
     'https://openmdw.ai/license/1-0/'),
    ('openmdw-1.1', 'Open Model, Data & Weights License Agreement v1.1', NULL, 'permissive',
     'yes', 'https://openmdw.ai/license/1-1/'),
    ('openrail++', 'Open Rail++-M License', NULL, 'restricted', 'conditional',
     'use-based restrictions: https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md'),
    ('osl-3.0', 'Open Software License 3.0', 'OSL-3.0', 'copyleft', 'yes', 'OSI-approved'),
    ('postgresql', 'PostgreSQL License', 'PostgreSQL', 'permissive', 'yes', 'OSI-approved'),
    ('ofl-1.1', 'SIL Open Font License 1.1', 'OFL-1.1', 'copyleft', 'yes',
     'OSI-approved; derived fonts keep the licence'),
    ('ncsa', 'University of Illinois/NCSA Open Source License', 'NCSA', 'permissive', 'yes',
     'OSI-approved'),
    ('unlicense', 'The Unlicense', 'Unlicense', 'permissive', 'yes', 'OSI-approved'),
    ('zlib', 'zLib License', 'Zlib', 'permissive', 'yes', 'OSI-approved'),
    ('pddl', 'Open Data Commons Public Domain Dedication and License', 'PDDL-1.0', 'permissive',
     'yes', 'public domain dedication: https://opendatacommons.org/licenses/pddl/'),
    ('lgpl-lr', 'Lesser General Public License For Linguistic Resources', 'LGPLLR', 'copyleft',
     'yes', 'weak copyleft, as the LGPL'),
    ('deepfloyd-if-license', 'DeepFloyd IF Research License Agreement', NULL, 'non-commercial',
     'no', 'research use only: https://huggingface.co/spaces/DeepFloyd/deepfloyd-if-license'),
    ('fair-noncommercial-research-license', 'FAIR Noncommercial Research License', NULL,
     'non-commercial', 'no',
     'https://huggingface.co/facebook/fair-noncommercial-research-license/blob/main/LICENSE'),
    ('llama2', 'Llama 2 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Llama-2-7b-chat-hf/blob/main/LICENSE.txt'),
    ('llama3', 'Llama 3 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/LICENSE'),
    ('llama3.1', 'Llama 3.1 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Meta-Llama-3.1-70B-Instruct/blob/main/LICENSE'),
    ('llama3.2', 'Llama 3.2 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/LICENSE.txt'),
    ('llama3.3', 'Llama 3.3 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/LICENSE'),
    ('llama4', 'Llama 4 Community License Agreement', NULL, 'restricted', 'conditional',
     'acceptable use policy, and a licence needed above 700 million monthly users: https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E-Instruct/blob/main/LICENSE'),
    ('grok2-community', 'Grok 2 Community License Agreement', NULL, 'restricted', 'conditional',
     'use-based terms: https://huggingface.co/xai-org/grok-2/blob/main/LICENSE'),
    ('gemma', 'Gemma Terms of Use', NULL, 'restricted', 'conditional',
     'prohibited use policy: https://ai.google.dev/gemma/terms'),
    ('unknown', 'Unknown', NULL, 'unknown', 'unknown', 'the card says it does not know'),
    ('other', 'Other', NULL, 'unknown', 'unknown',
     'a licence of its own, named by the card''s license_name and shipped in the repository');

COMMENT ON TABLE hf.licenses IS
    'Every licence id the Hub offers in a card''s license field, with what it lets users do (hf.models.license_class reads it).';
COMMENT ON COLUMN hf.licenses.license_id IS 'The id as the Hub writes it: apache-2.0, llama3.1, cc-by-nc-4.0.';
COMMENT ON COLUMN hf.licenses.name IS 'Its full name, as the Hub''s documentation gives it.';
COMMENT ON COLUMN hf.licenses.spdx_id IS 'Its SPDX identifier, where the SPDX license list has one.';
COMMENT ON COLUMN hf.licenses.class IS
    'permissive, copyleft, non-commercial, restricted (use-based terms) or unknown.';
COMMENT ON COLUMN hf.licenses.commercial_use IS 'Whether it allows commercial use: yes, no, conditional or unknown.';
COMMENT ON COLUMN hf.licenses.source IS 'What the class was read from: the OSI''s approval, the licence''s own terms (a link).';

-- The class of every stored model's licence; from here on each merge writes it.
ALTER TABLE hf.models ADD COLUMN license_class text;
COMMENT ON COLUMN hf.models.license_class IS
    'The class of its licence, through hf.licenses: permissive, copyleft, non-commercial, restricted or unknown (an id hf.licenses does not list); NULL without a licence.';

UPDATE hf.models AS m
SET license_class = coalesce(
    (SELECT l.class FROM hf.licenses AS l WHERE l.license_id = lower(split_part(m.license, ':', 1))), 'unknown'
)
WHERE m.license IS NOT NULL;
