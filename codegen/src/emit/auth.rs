//! Emit for `auth.rs`: the API's security schemes, a `ClientBuilder` setter and a `Client`
//! `with_` method for each, and the methods that take a credential from a model.

use super::docs::{doc, from_document, inner_doc};
use crate::ir::{Api, CredentialSource, Place, SecurityScheme};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn file(api: &Api) -> TokenStream {
    let module_doc = inner_doc(
        "The API's security schemes: where each credential is sent, and the methods that set it.",
    );
    let schemes = &api.security_schemes;
    let statics = schemes.iter().map(|s| {
        let name = ident(&s.static_name);
        let d = doc(&format!(
            "The `{}` scheme: sent in {}.",
            s.api_name,
            s.place.describe()
        ));
        let api_name = &s.api_name;
        let place = match &s.place {
            Place::Header { name, prefix } => quote! {
                crate::client::Place::Header { name: #name, prefix: #prefix }
            },
            Place::Query(name) => quote!(crate::client::Place::Query(#name)),
            Place::Cookie(name) => quote!(crate::client::Place::Cookie(#name)),
            Place::Basic => quote!(crate::client::Place::Basic),
        };
        quote! {
            #d
            pub(crate) static #name: crate::client::Scheme = crate::client::Scheme {
                name: #api_name,
                place: #place,
            };
        }
    });
    let setters = schemes.iter().map(builder_setter);
    let with_methods = schemes.iter().map(with_method);
    let sources = api
        .credential_sources
        .iter()
        .map(|c| credential_source(c, &schemes[c.scheme]));
    let builder_impl = (!schemes.is_empty()).then(|| {
        quote! {
            impl crate::ClientBuilder {
                #(#setters)*
            }
        }
    });
    let client_impl = (!schemes.is_empty()).then(|| {
        quote! {
            impl crate::Client {
                #(#with_methods)*
                #(#sources)*
            }
        }
    });
    quote! {
        #module_doc
        #(#statics)*
        #builder_impl
        #client_impl
    }
}

fn builder_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.name);
    let scheme = ident(&s.static_name);
    let mut text = format!(
        "The `{}` credential, sent in {} of the operations that accept it.",
        s.api_name,
        s.place.describe()
    );
    if let Some(d) = &s.doc {
        text.push_str("\n\n");
        text.push_str(&from_document(d));
    }
    let docs = doc(&text);
    if s.place == Place::Basic {
        return quote! {
            #docs
            pub fn #name(
                self,
                username: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                crate::client::set_basic_credential(self, &#scheme, username.into(), password.into())
            }
        };
    }
    quote! {
        #docs
        pub fn #name(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            crate::client::set_credential(self, &#scheme, value.into())
        }
    }
}

fn with_method(s: &SecurityScheme) -> TokenStream {
    let method = ident(&format!("with_{}", s.name));
    let scheme = ident(&s.static_name);
    let basic = s.place == Place::Basic;
    let docs = doc(&format!(
        "A copy of this client that sends {} as the `{}` credential ({}).\n\
         The copy shares this client's connection pool.\n\n\
         # Errors\n[`crate::Error::Config`] when {} cannot be sent there.",
        if basic {
            "`username` and `password`"
        } else {
            "`value`"
        },
        s.api_name,
        s.place.describe(),
        if basic { "they" } else { "`value`" },
    ));
    if basic {
        return quote! {
            #docs
            pub fn #method(&self, username: &str, password: &str) -> ::std::result::Result<Self, crate::Error> {
                crate::client::with_basic_credential(self, &#scheme, username, password)
            }
        };
    }
    quote! {
        #docs
        pub fn #method(&self, value: &str) -> ::std::result::Result<Self, crate::Error> {
            crate::client::with_credential(self, &#scheme, value)
        }
    }
}

fn credential_source(c: &CredentialSource, s: &SecurityScheme) -> TokenStream {
    let method = ident(&c.method);
    let scheme = ident(&s.static_name);
    let ty = ident(&c.type_name);
    let field = ident(&c.field);
    let docs = doc(&format!(
        "A copy of this client that authenticates with `{}`: its `{}` is sent as the `{}` credential \
         ({}). The copy shares this client's connection pool.\n\n\
         # Errors\n[`crate::Error::Config`] when the value is missing or cannot be sent there.",
        c.type_name, c.field, s.api_name, s.place.describe()
    ));
    let value = if c.optional {
        let missing = format!("the {} holds no {}", c.type_name, c.field);
        quote! {
            from.#field.as_deref().ok_or_else(|| crate::Error::Config { message: #missing.to_owned() })?
        }
    } else {
        quote!(from.#field.as_str())
    };
    quote! {
        #docs
        pub fn #method(&self, from: &crate::types::#ty) -> ::std::result::Result<Self, crate::Error> {
            crate::client::with_credential(self, &#scheme, #value)
        }
    }
}
