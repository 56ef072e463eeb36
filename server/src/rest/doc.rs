//! The OpenAPI 3.1 document of the API, generated from the handlers' and types' annotations
//! (utoipa) and served at `/v1.0/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Co-sell Referrals API",
        version = "1.0",
        description = "Partner Center's Referrals API v1.0 resource shape over Co-sell: the same rules as the app (SPEC.md), the same refusals with their rule ids. Authenticate with a token from Settings → API tokens: `Authorization: Bearer <token>`.",
        license(name = "Proprietary")
    ),
    paths(super::list_referrals, super::create_referral, super::get_referral, super::patch_referral, super::export_csv, super::import_csv),
    components(schemas(super::resource::Referral, super::ReferralList, super::input::CreateBody, super::patch::Op, super::error::Body)),
    modifiers(&Bearer),
    security(("bearer" = [])),
    tags((name = "referrals", description = "Co-sell referrals (deals)"))
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[cfg(test)]
mod tests {
    // X-API: the document is OpenAPI 3.1 and lists every endpoint with its methods.
    #[test]
    fn the_document_lists_every_endpoint() {
        let doc = serde_json::to_value(super::document()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths["/v1.0/engagements/referrals"].get("get").is_some());
        assert!(paths["/v1.0/engagements/referrals"].get("post").is_some());
        assert!(paths["/v1.0/engagements/referrals/{id}"].get("patch").is_some());
        let referral = &doc["components"]["schemas"]["Referral"]["properties"];
        assert!(referral.get("eTag").is_some() && referral.get("engagementId").is_some());
        let consent = &doc["components"]["schemas"]["ConsentIn"]["properties"];
        assert!(consent.get("consentToToShareInfoWithOthers").is_some(), "Partner Center's spelling: {consent}");
    }
}
